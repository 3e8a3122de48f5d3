import ResticLintMatching

/// The fields of one message's hits while the classifier makes them, as spans into the message's
/// bytes (captures) or into derived bytes of its own, in buffers reused from message to message.
/// `collected()` copies them into one `FieldStorage` that the event's hits share: one allocation per
/// event, and no String made for a value until something reads it.
/// Lookups and changes see the current hit's fields only, as they would in a `HitFields` of its own.
package final class GatheredFields {
    package let names: FieldNames
    private var subject = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    /// The first `count` spans are this message's.
    private var spans: UnsafeMutablePointer<FieldSpan>
    private var capacity = 16
    private var count = 0
    /// Where the current hit's spans begin.
    private var hitStart = 0
    /// Derived values; a span's start -1 - n means byte n here (a capture's is its offset in `subject`).
    /// The first `derivedCount` bytes are this message's.
    private var derived: UnsafeMutablePointer<UInt8>
    private var derivedCapacity = 256
    private var derivedCount = 0
    /// Every pattern's `CaptureFields`, flat: pattern k's groups are `groups[patternGroups[k].range]`.
    /// Plain memory, so gathering a hit retains no array (an atomic operation per hit).
    private let groups: UnsafeMutableBufferPointer<(group: Int, name: Int32)>
    private let patternGroups: UnsafeMutableBufferPointer<(range: Range<Int>, firstWins: Bool)>

    /// `captures`: per pattern, its regex's named groups (`appendCaptures(ofPattern:in:)`).
    package init(names: FieldNames, captures: [CaptureFields] = []) {
        self.names = names
        spans = .allocate(capacity: capacity)
        derived = .allocate(capacity: derivedCapacity)
        groups = .allocate(capacity: captures.reduce(0) { $0 + $1.groups.count })
        patternGroups = .allocate(capacity: captures.count)
        var next = 0
        for (k, pattern) in captures.enumerated() {
            _ = groups[next...].initialize(from: pattern.groups)
            patternGroups.initializeElement(at: k, to: (next..<(next + pattern.groups.count), pattern.firstWins))
            next += pattern.groups.count
        }
    }

    deinit {
        spans.deallocate()
        derived.deallocate()
        groups.deallocate()
        patternGroups.deallocate()
    }

    /// Starts a message whose bytes are `subject`; they must stay valid until `collected()`.
    package func startMessage(_ subject: UnsafeBufferPointer<UInt8>) {
        self.subject = subject
        count = 0
        hitStart = 0
        derivedCount = 0
    }

    package func startHit() { hitStart = count }

    /// The current hit's fields, as positions among this message's.
    package var hitRange: Range<Int> { hitStart..<count }

    /// Appends the named captures of the match `match` holds, of pattern `k`'s regex (`init`'s `captures[k]`).
    package func appendCaptures(ofPattern k: Int, in match: MatchOffsets) {
        let (range, firstWins) = patternGroups[k]
        for (group, name) in groups[range] where !firstWins || span(name) == nil {
            guard let captured = match.captureRange(group) else { continue }
            append(FieldSpan(name: name, start: Int32(captured.lowerBound), count: Int32(captured.count)))
        }
    }

    /// Where the current hit's field `name` is among the message's spans.
    package func span(_ name: Int32) -> Int? {
        var i = hitStart
        while i < count {
            if spans[i].name == name { return i }
            i &+= 1
        }
        return nil
    }

    /// The value of span `i`; valid until the next message.
    package func bytes(at i: Int) -> UnsafeBufferPointer<UInt8> { bytes(spans[i]) }

    private func bytes(_ span: FieldSpan) -> UnsafeBufferPointer<UInt8> {
        let start = Int(span.start), count = Int(span.count)
        if start >= 0 { return UnsafeBufferPointer(rebasing: subject[start..<(start + count)]) }
        return UnsafeBufferPointer(start: derived + (-1 - start), count: count)
    }

    /// The current hit's value of field `name`.
    package subscript(name: Int32) -> String? {
        span(name).map { String(decoding: bytes(spans[$0]), as: UTF8.self) }
    }

    /// Gives the current hit field `name` with the first `count` bytes of span `i` as its value,
    /// sharing its bytes; `replacing` looks for the field first (`set`).
    package func set(_ name: Int32, prefixOf i: Int, count: Int, replacing: Bool) {
        let prefix = FieldSpan(name: name, start: spans[i].start, count: Int32(count))
        if replacing, let j = span(name) { spans[j] = prefix } else { append(prefix) }
    }

    /// Sets field `name` of the current hit, adding it when the hit has none.
    package func set(_ name: Int32, _ value: String) {
        let stored = store(value, name: name)
        if let i = span(name) { spans[i] = stored } else { append(stored) }
    }

    /// Adds a field the current hit does not hold yet (`set` would look for it first).
    package func append(new name: Int32, _ value: String) {
        append(store(value, name: name))
    }

    private func store(_ value: String, name: Int32) -> FieldSpan {
        var value = value
        return value.withUTF8 { bytes in
            if derivedCount + bytes.count > derivedCapacity {
                let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * (derivedCapacity + bytes.count))
                grown.update(from: derived, count: derivedCount)
                derived.deallocate()
                derived = grown
                derivedCapacity = 2 * (derivedCapacity + bytes.count)
            }
            if let base = bytes.baseAddress { (derived + derivedCount).update(from: base, count: bytes.count) }
            defer { derivedCount += bytes.count }
            return FieldSpan(name: name, start: Int32(-1 - derivedCount), count: Int32(bytes.count))
        }
    }

    private func append(_ span: FieldSpan) {
        if count == capacity {
            let grown = UnsafeMutablePointer<FieldSpan>.allocate(capacity: capacity * 2)
            grown.moveInitialize(from: spans, count: count)
            spans.deallocate()
            spans = grown
            capacity *= 2
        }
        (spans + count).initialize(to: span)
        count += 1
    }

    /// The current hit's fields, for the trace.
    package var hitDictionary: [String: String] {
        var dictionary: [String: String] = [:]
        for i in hitRange where dictionary[names.names[Int(spans[i].name)]] == nil {
            dictionary[names.names[Int(spans[i].name)]] = String(decoding: bytes(spans[i]), as: UTF8.self)
        }
        return dictionary
    }

    /// This message's fields in one storage of their own, with the hits `hits` (whose spans are
    /// positions among this message's): the spans, the part of the message's bytes the captures
    /// cover (a long message is not kept twice for a short capture), and the derived values. The
    /// buffers are then this message's no more.
    package func collected(hits: UnsafeBufferPointer<HitRecord> = UnsafeBufferPointer(start: nil, count: 0)) -> FieldStorage {
        guard count > 0 || !hits.isEmpty else { return FieldStorage.empty }
        var (low, high) = (Int32(subject.count), Int32(0))
        for i in 0..<count where spans[i].start >= 0 {
            low = min(low, spans[i].start)
            high = max(high, spans[i].start + spans[i].count)
        }
        if high < low { (low, high) = (0, 0) }
        for i in 0..<count { spans[i].start = spans[i].start >= 0 ? spans[i].start - low : high - low - 1 - spans[i].start }
        let head = UnsafeBufferPointer(rebasing: subject[Int(low)..<Int(high)])
        defer { startMessage(UnsafeBufferPointer(start: nil, count: 0)) }
        return FieldStorage.make(names: names, hits: hits, spans: UnsafeBufferPointer(start: spans, count: count), head: head,
                                 tail: UnsafeBufferPointer(start: derived, count: derivedCount))
    }
}

/// A regex's named groups, each with its field name's number, worked out once per pattern so that
/// gathering a hit reads the match's offsets and nothing else.
package struct CaptureFields: Sendable {
    /// Group numbers with their names' numbers, in the order of `regex.captureNames`.
    let groups: [(group: Int, name: Int32)]
    /// Whether names repeat (`(?J)`): of groups sharing a name, the first that matched wins.
    let firstWins: Bool

    package init(_ regex: PCRE2Regex, names: FieldNames) {
        groups = regex.captureNames.map { ($0.index, names.number($0.name)!) }
        firstWins = regex.hasDuplicateNames
    }
}
