/// One restic message that something recognised: rule patterns, run structure, or both.
/// A multi-line message (the already-locked block) is one event spanning `line...endLine`.
public struct LogEvent: Sendable {
    public var line: Int
    public var endLine: Int
    public var text: String
    public var timestamp: WallClock?
    public var pid: Int?
    public var hits: [PatternHit]
    public var marker: RunMarker?
}

/// A rule pattern that matched an event, with its named captures and derived fields.
public struct PatternHit: Sendable {
    public var rule: Int
    public var pattern: Int
    public var fields: [String: String]
}
