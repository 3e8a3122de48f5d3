import ResticFormats

/// Version evidence and a message that cannot both be right.
public struct VersionConflict: Sendable, Equatable {
    public var stated: ResticVersion
    public var evidence: VersionEvidence
    public var messageRange: VersionRange
    public var messageLine: Int

    package init(stated: ResticVersion, evidence: VersionEvidence, messageRange: VersionRange, messageLine: Int) {
        self.stated = stated
        self.evidence = evidence
        self.messageRange = messageRange
        self.messageLine = messageLine
    }

    public var sentence: String {
        let source = evidence.line.map { "the \(evidence.label) on line \($0)" } ?? "the \(evidence.label)"
        return "The version evidence conflicts: \(source) says restic \(stated), but line \(messageLine) is a message "
            + "only restic \(messageRange) prints, so this diagnosis is uncertain; check which restic really ran."
    }
}

/// How a run's restic version is known.
public enum VersionEvidence: Sendable, Equatable {
    case banner(ResticVersion, line: Int)
    /// The binary path or image a command line names.
    case path(ResticVersion, line: Int)
    /// A wrapper's statement of the restic it runs.
    case wrapper(ResticVersion, line: Int)
    case flag(ResticVersion)
    case inferred(VersionRange, line: Int)
    case unknown

    public var exact: ResticVersion? {
        switch self {
        case .banner(let v, _), .path(let v, _), .wrapper(let v, _), .flag(let v): return v
        default: return nil
        }
    }

    /// The versions the run may be: one version, an inferred range, or anything.
    public var range: VersionRange {
        switch self {
        case .banner(let v, _), .path(let v, _), .wrapper(let v, _), .flag(let v): return .exactly(v)
        case .inferred(let range, _): return range
        case .unknown: return .all
        }
    }

    /// The line the evidence is on, when it is in the log.
    public var line: Int? {
        switch self {
        case .banner(_, let line), .path(_, let line), .wrapper(_, let line), .inferred(_, let line): return line
        case .flag, .unknown: return nil
        }
    }

    public var label: String {
        switch self {
        case .banner: return "banner"
        case .path: return "path"
        case .wrapper: return "wrapper"
        case .flag: return "flag"
        case .inferred: return "inferred"
        case .unknown: return "none"
        }
    }

    /// `0.17.0`, `>=0.17.0`, or nil.
    public var value: String? {
        if let exact { return exact.description }
        if case .inferred(let range, _) = self { return range.description }
        return nil
    }

    /// Which evidence wins when a run shows several.
    package var strength: Int {
        switch self {
        case .banner: return 4
        case .path, .wrapper: return 3
        case .flag: return 2
        case .inferred: return 1
        case .unknown: return 0
        }
    }
}
