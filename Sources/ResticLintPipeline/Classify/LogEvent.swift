import ResticFormats

/// One restic message that something recognised: rule patterns, run structure, or both.
/// A multi-line message (the already-locked block) is one event spanning `line...endLine`.
package struct LogEvent: Sendable {
    package var line: Int
    package var endLine: Int
    package var text: String
    package var timestamp: WallClock?
    package var pid: Int?
    package var hits: [PatternHit]
    package var marker: RunMarker?
}

/// A rule pattern that matched an event, with its named captures and derived fields.
package struct PatternHit: Sendable {
    package var rule: Int
    package var pattern: Int
    package var fields: [String: String]
}
