import ResticFormats
import ResticLintRules

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
    /// Bytes of the message beyond `MessageCut.limit`, neither classified nor kept.
    package var cutBytes = 0
    /// Patterns whose literals the message holds but which were left unmatched (`DeferredPatterns`
    /// bits): the event was recognised without them.
    package var deferred: UInt64 = 0

    /// The text as a finding's evidence shows it: marked where it was cut.
    var evidenceText: String { MessageCut.marked(text, cutBytes: cutBytes) }
}

/// A rule pattern that matched an event, with its named captures and derived fields.
package struct PatternHit: Sendable {
    package var rule: Int
    package var pattern: Int
    package var fields: HitFields
}
