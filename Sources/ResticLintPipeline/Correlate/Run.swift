import ResticFormats
/// One restic invocation found in an input: its events, and what is known of its version.
package struct Run: Sendable {
    package var id: Int
    package var input: Int
    package var startLine: Int
    package var endLine: Int
    package var pid: Int?
    package var command: String?
    /// The invocation as the log shows it (`+ restic -r ... backup --stdin`), when it does.
    package var commandLine: String?
    package var events: [LogEvent] = []
    /// Events beyond the per-run cap or `RetentionBudget.hard` are counted, not kept, so memory stays bounded.
    package var droppedEvents = 0
    /// Events kept with their text and fields cut (`RetentionBudget.compacted`).
    package var compactedEvents = 0
    /// The counted size of `events` (`RetentionBudget.size`), and the events of each kind kept beyond
    /// `RetentionBudget.hard`.
    var retainedBytes = 0
    var keptBeyondBudget: [Int: Int] = [:]
    package var version: VersionEvidence = .unknown
    package var completedBackup = false

    var startStages: Set<Int> = []
    var hasBody = false
    var ended = false
    var lastTimestamp: WallClock?
    var inferredRange = VersionRange.all
    var inferredLine: Int?
    /// Every distinct version range a message implied, with its first line: kept apart from
    /// `inferredRange`, which drops hints that contradict each other.
    var versionHints: [String: (range: VersionRange, line: Int)] = [:]

    mutating func noteVersionHint(_ range: VersionRange, line: Int) {
        if versionHints[range.description] == nil { versionHints[range.description] = (range, line) }
    }

    /// The first message that the run's exact version evidence contradicts (a 0.16.4 banner beside
    /// `circuit breaker open`, which only 0.17+ prints): a hand-edited or mixed log, or a misread.
    package var versionConflict: VersionConflict? {
        guard let stated = version.exact,
              let hint = versionHints.values.filter({ !$0.range.contains(stated) }).min(by: { $0.line < $1.line })
        else { return nil }
        return VersionConflict(stated: stated, evidence: version, messageRange: hint.range, messageLine: hint.line)
    }

    static let eventCap = 50_000
}

/// Version evidence and a message that cannot both be right.
public struct VersionConflict: Sendable, Equatable {
    public var stated: ResticVersion
    public var evidence: VersionEvidence
    public var messageRange: VersionRange
    public var messageLine: Int

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

    var strength: Int {
        switch self {
        case .banner: return 4
        case .path, .wrapper: return 3
        case .flag: return 2
        case .inferred: return 1
        case .unknown: return 0
        }
    }
}
