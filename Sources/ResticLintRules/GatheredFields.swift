import ResticLintMatching

/// The fields of one message's hits while the classifier makes them, in one buffer reused from
/// message to message. `collected()` then moves them into one array that the event's hits share
/// (`HitFields.slice`): one allocation per event instead of one per hit, and one to free; moved, not
/// copied, so no value is retained and released once more on the way.
/// Lookups and changes see the current hit's fields only, as they would in a `HitFields` of its own.
package final class GatheredFields {
    /// The first `count` fields are initialized and this message's.
    private var buffer: UnsafeMutablePointer<HitField>
    private var capacity = 16
    private var count = 0
    /// Where the current hit's fields begin.
    private var hitStart = 0

    package init() { buffer = .allocate(capacity: capacity) }

    deinit {
        buffer.deinitialize(count: count)
        buffer.deallocate()
    }

    /// Starts a message; fields not collected are dropped.
    package func startMessage() {
        buffer.deinitialize(count: count)
        count = 0
        hitStart = 0
    }

    package func startHit() { hitStart = count }

    /// The current hit's fields, as positions among this message's.
    package var hitRange: Range<Int> { hitStart..<count }

    /// Appends the named captures of the match of `regex` that `matchData` holds; `values` makes the
    /// String of a captured range. Of groups sharing a name, the first that matched wins.
    package func appendCaptures(of regex: PCRE2Regex, in matchData: MatchData, values: inout CaptureValues) {
        for (name, index) in regex.captureNames where !regex.hasDuplicateNames || self[name] == nil {
            if let range = regex.captureRange(index, in: matchData) { append(new: name, values.value(range)) }
        }
    }

    package subscript(name: String) -> String? {
        for i in hitStart..<count where buffer[i].name == name { return buffer[i].value }
        return nil
    }

    /// Sets field `name` of the current hit, adding it when the hit has none.
    package func set(_ name: String, _ value: String) {
        for i in hitStart..<count where buffer[i].name == name {
            buffer[i].value = value
            return
        }
        append(new: name, value)
    }

    /// Adds a field the current hit does not hold yet (`set` would look for it first).
    package func append(new name: String, _ value: String) {
        if count == capacity {
            let grown = UnsafeMutablePointer<HitField>.allocate(capacity: capacity * 2)
            grown.moveInitialize(from: buffer, count: count)
            buffer.deallocate()
            buffer = grown
            capacity *= 2
        }
        (buffer + count).initialize(to: HitField(name: name, value: value))
        count += 1
    }

    /// This message's fields in place, to change values (`RetentionBudget.share`); valid until the
    /// next field is added.
    package var fieldsInPlace: UnsafeMutableBufferPointer<HitField> { UnsafeMutableBufferPointer(start: buffer, count: count) }

    /// The current hit's fields, for the trace.
    package var hitDictionary: [String: String] {
        var dictionary: [String: String] = [:]
        for i in hitRange where dictionary[buffer[i].name] == nil { dictionary[buffer[i].name] = buffer[i].value }
        return dictionary
    }

    /// This message's fields, moved into an array of their own exactly as large as they need; the
    /// buffer is then empty.
    package func collected() -> HitFields {
        guard count > 0 else { return HitFields() }
        let fields = [HitField](unsafeUninitializedCapacity: count) { storage, initialized in
            storage.baseAddress!.moveInitialize(from: buffer, count: count)
            initialized = count
        }
        count = 0
        hitStart = 0
        return HitFields(fields[...])
    }
}

/// The Strings made for captured ranges of one subject. The patterns that match one message capture
/// the same bytes again and again (a retry line's handle, op and error, for three rules), so each
/// range is made a String once and the hits share it; a capture of the whole subject is the
/// subject's own String. One per classifier, reset per message, so it allocates nothing per event.
package struct CaptureValues {
    private var subject = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    /// The first `count` entries are this subject's; the rest are overwritten as they are reached.
    private var made: [(range: Range<Int>, value: String)] = []
    private var count = 0

    package init() {}

    /// Starts over for `subject`, the bytes of `whole`; `value` may be asked only while they live.
    package mutating func reset(_ subject: UnsafeBufferPointer<UInt8>, whole: String) {
        self.subject = subject
        count = 0
        keep(0..<subject.count, whole)
    }

    package mutating func value(_ range: Range<Int>) -> String {
        for i in 0..<count where made[i].range == range { return made[i].value }
        let value = String(decoding: UnsafeBufferPointer(rebasing: subject[range]), as: UTF8.self)
        keep(range, value)
        return value
    }

    private mutating func keep(_ range: Range<Int>, _ value: String) {
        if count < made.count { made[count] = (range, value) } else { made.append((range, value)) }
        count += 1
    }
}
