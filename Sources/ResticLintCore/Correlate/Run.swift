import ResticFormats
/// One restic invocation found in an input: its events, and what is known of its version.
public struct Run: Sendable {
    public var id: Int
    public var input: Int
    public var startLine: Int
    public var endLine: Int
    public var pid: Int?
    public var command: String?
    /// The invocation as the log shows it (`+ restic -r ... backup --stdin`), when it does.
    public var commandLine: String?
    public var events: [LogEvent] = []
    /// Events beyond the per-run cap are counted, not kept, so memory stays bounded.
    public var droppedEvents = 0
    public var version: VersionEvidence = .unknown
    public var completedBackup = false

    var startStages: Set<Int> = []
    var hasBody = false
    var ended = false
    var lastTimestamp: WallClock?
    var inferredRange = VersionRange.all
    var inferredLine: Int?

    static let eventCap = 50_000
}

/// How a run's restic version is known.
public enum VersionEvidence: Sendable, Equatable {
    case banner(ResticVersion, line: Int)
    case path(ResticVersion, line: Int)
    case flag(ResticVersion)
    case inferred(VersionRange, line: Int)
    case unknown

    public var exact: ResticVersion? {
        switch self {
        case .banner(let v, _), .path(let v, _), .flag(let v): return v
        default: return nil
        }
    }

    /// The versions the run may be: one version, an inferred range, or anything.
    public var range: VersionRange {
        switch self {
        case .banner(let v, _), .path(let v, _), .flag(let v): return .exactly(v)
        case .inferred(let range, _): return range
        case .unknown: return .all
        }
    }

    public var label: String {
        switch self {
        case .banner: return "banner"
        case .path: return "path"
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
        case .path: return 3
        case .flag: return 2
        case .inferred: return 1
        case .unknown: return 0
        }
    }
}
