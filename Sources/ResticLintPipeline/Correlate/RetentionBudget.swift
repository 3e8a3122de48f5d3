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
    /// Shorter values are cheap to copy (and up to 15 bytes are stored inline).
    static let shareThreshold = 64

    /// The counted size of an event as `shared` leaves it: a field value identical to the text or to
    /// an earlier value of the event counts once. Asked for every event kept, so it allocates
    /// nothing: an earlier equal value is looked for among the event's fields themselves. Hits of
    /// `uncounted` patterns count nothing: lazy matching adds them after the event is kept, if at all.
    static func size(of event: LogEvent, uncounted: DeferredPatterns? = nil) -> Int {
        var bytes = eventOverhead + event.text.utf8.count
        for (h, hit) in event.hits.enumerated() where uncounted?.contains(rule: hit.rule, pattern: hit.pattern) != true {
            let fields = hit.fields.list
            for i in fields.indices {
                bytes += fieldOverhead + fields[i].name.utf8.count
                let length = fields[i].value.utf8.count
                if length <= shareThreshold
                    || (fields[i].value != event.text
                        && !isEarlier(fields[i].value, in: event.hits, before: (h, i - fields.startIndex), uncounted: uncounted)) {
                    bytes += length
                }
            }
        }
        return bytes
    }

    /// Whether a long value equal to `value` comes before field `i` of hit `h`.
    private static func isEarlier(_ value: String, in hits: [PatternHit], before position: (h: Int, i: Int),
                                  uncounted: DeferredPatterns?) -> Bool {
        for h in 0...position.h where uncounted?.contains(rule: hits[h].rule, pattern: hits[h].pattern) != true {
            for (i, earlier) in hits[h].fields.list.enumerated() {
                if h == position.h && i == position.i { return false }
                if earlier.value.utf8.count > shareThreshold && earlier.value == value { return true }
            }
        }
        return false
    }

    /// The event with equal field values sharing one storage: patterns of several rules capture the
    /// same error from one message, and each capture is a copy of its own. The classifier shares them
    /// as it builds an event (`valuesShared`); otherwise the event is copied only for a hit whose
    /// values still differ.
    static func shared(_ event: LogEvent) -> LogEvent {
        guard !event.valuesShared else { return event }
        var event = event
        var seen: [String] = [event.text]
        for h in event.hits.indices {
            var fields = event.hits[h].fields
            if share(&fields, with: &seen) { event.hits[h].fields = fields }
        }
        return event
    }

    /// Makes each long value of `fields` equal to one of `seen` share its storage, and adds the others
    /// to `seen`; returns whether a value changed.
    @discardableResult
    static func share(_ fields: inout HitFields, with seen: inout [String]) -> Bool {
        fields.list.withUnsafeMutableBufferPointer { share($0, with: &seen) }
    }

    /// `share` on fields in place: the classifier shares its fields before they become an event's.
    @discardableResult
    static func share(_ fields: UnsafeMutableBufferPointer<HitField>, with seen: inout [String]) -> Bool {
        var changed = false
        for i in fields.indices {
            let value = fields[i].value
            guard value.utf8.count > shareThreshold else { continue }
            guard let earlier = seen.first(where: { $0 == value }) else {
                seen.append(value)
                continue
            }
            if !sameStorage(earlier, value) {
                fields[i].value = earlier
                changed = true
            }
        }
        return changed
    }

    private static func sameStorage(_ a: String, _ b: String) -> Bool {
        var (a, b) = (a, b)
        return a.withUTF8 { x in b.withUTF8 { y in x.baseAddress == y.baseAddress } }
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
