import ResticLintMatching
import ResticLintRules
/// How much of their events the open runs of one input may keep, so memory stays bounded whatever
/// the log: a run of restic can last hours, and a log anyone writes can repeat one message forever.
/// Correlation and replay need every event's pattern hits and captured fields; the text is evidence
/// only, and a finding shows five lines of it. So events are kept:
/// - whole while the open runs hold less than `whole` bytes;
/// - compacted beyond that: text and each captured field cut to `compactLimit` bytes, with the
///   `MessageCut` marker;
/// - beyond `hard` bytes, `perKind` more of each kind (a rule's pattern, or a run marker); the others
///   are counted (`droppedEvents`), so a run that repeats one retry for hours still keeps its final
///   error. A run's events are then at most `hard` bytes plus `perKind` compacted events per kind.
/// Sizes are counted, not measured (text and field bytes, shared storage once, plus a fixed cost per
/// event and per field), so the bound is deterministic and a test can check it.
enum RetentionBudget {
    static let whole = 4 << 20
    static let hard = 12 << 20
    static let compactLimit = 256
    static let perKind = 16
    static let eventOverhead = 96
    static let fieldOverhead = 32
    /// Longer values repeated in one event count once: the patterns of several rules capture one
    /// error from the same message, and its bytes are kept once (`FieldStorage`).
    static let shareThreshold = 64

    /// The counted size of an event: a long field value identical to the text or to an earlier long
    /// value of the event counts once, as if they shared one storage. Asked for every event kept, so it
    /// allocates nothing: values are compared as bytes where they lie. Hits of `uncounted` patterns
    /// count nothing: lazy matching adds them after the event is kept, if at all.
    static func size(of event: LogEvent, uncounted: DeferredPatterns? = nil) -> Int {
        let textCount = event.text.utf8.count
        guard event.hits.storage != nil else { return eventOverhead + textCount }
        // Passed on, not bound to a local: the binding retained and released the storage per event.
        return eventOverhead + textCount + fieldBytes(of: event, in: event.hits.storage!, uncounted: uncounted)
    }

    /// The counted size of the event's hits and their fields, which `storage` holds: read in place.
    private static func fieldBytes(of event: LogEvent, in storage: FieldStorage, uncounted: DeferredPatterns?) -> Int {
        let textCount = event.text.utf8.count
        var bytes = 0
        let hits = event.hits.records, spans = storage.spans, values = storage.bytes
        return storage.names.lengths.withUnsafeBufferPointer { lengths in
            for h in hits.indices where uncounted?.contains(rule: Int(hits[h].rule), pattern: Int(hits[h].pattern)) != true {
                for i in Int(hits[h].first)..<Int(hits[h].end) {
                    bytes &+= fieldOverhead &+ lengths[Int(spans[i].name)]
                    let value = UnsafeBufferPointer(start: values + Int(spans[i].start), count: Int(spans[i].count))
                    // Nearly all values are short: the text is read only for a long value of its length.
                    if value.count <= shareThreshold
                        || (!(value.count == textCount && isText(value, of: event))
                            && !isEarlier(value, in: storage, before: (h, i), uncounted: uncounted)) {
                        bytes &+= value.count
                    }
                }
            }
            return bytes
        }
    }

    private static func isText(_ value: UnsafeBufferPointer<UInt8>, of event: LogEvent) -> Bool {
        var text = event.text
        return text.withUTF8 { sameBytes(value, $0) }
    }

    /// Whether a long value equal to `value` comes before span `i` of hit `h` among the hits of `storage`.
    private static func isEarlier(_ value: UnsafeBufferPointer<UInt8>, in storage: FieldStorage, before position: (h: Int, i: Int),
                                  uncounted: DeferredPatterns?) -> Bool {
        let hits = storage.hits, spans = storage.spans, values = storage.bytes
        for h in 0...position.h where uncounted?.contains(rule: Int(hits[h].rule), pattern: Int(hits[h].pattern)) != true {
            for i in Int(hits[h].first)..<Int(hits[h].end) {
                if h == position.h && i == position.i { return false }
                let earlier = UnsafeBufferPointer(start: values + Int(spans[i].start), count: Int(spans[i].count))
                if earlier.count > shareThreshold && sameBytes(earlier, value) { return true }
            }
        }
        return false
    }

    /// The event with its text and every captured field cut to `compactLimit` bytes.
    static func compacted(_ event: LogEvent) -> LogEvent {
        var event = event
        event.text = cut(event.text, alreadyCut: &event.cutBytes)
        for h in event.hits.indices {
            for (name, value) in event.hits[h].fields where value.utf8.count > compactLimit {
                var cutBytes = 0
                event.hits[h].fields[name] = MessageCut.marked(cut(value, alreadyCut: &cutBytes), cutBytes: cutBytes)
            }
        }
        return event
    }

    private static func cut(_ text: String, alreadyCut: inout Int) -> String {
        let (head, cutBytes) = MessageCut.head(of: text, limit: compactLimit)
        alreadyCut += cutBytes
        return head
    }

    /// The kinds an event counts against when the hard budget is reached: its patterns and its marker.
    static func kinds(of event: LogEvent) -> [Int] {
        event.hits.map { $0.rule << 16 | $0.pattern } + (event.marker.map { [-1 - markerKind($0)] } ?? [])
    }

    private static func markerKind(_ marker: RunMarker) -> Int {
        switch marker {
        case .banner: return 0
        case .commandLine: return 1
        case .versionStatement: return 2
        case .openRepository: return 3
        case .versionHint: return 4
        case .backupCompleted: return 5
        case .fatalExit: return 6
        case .exitTrailer: return 7
        }
    }
}
