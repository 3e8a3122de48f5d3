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
    package var hits: EventHits
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
/// Unchecked Sendable: `FieldStorage` is never changed once made.
package struct PatternHit: @unchecked Sendable {
    package var rule: Int
    package var pattern: Int
    // The fields' parts, not a `HitFields`: its initialiser is another module's call, which kept
    // reading a hit's rule from dropping the storage's retain and release.
    private var storage: FieldStorage
    private var first: Int32, end: Int32

    package init(rule: Int, pattern: Int, fields: HitFields) {
        self.init(rule: rule, pattern: pattern, storage: fields.storage, spans: fields.first..<fields.end)
    }

    init(rule: Int, pattern: Int, storage: FieldStorage, spans: Range<Int32>) {
        self.rule = rule
        self.pattern = pattern
        self.storage = storage
        first = spans.lowerBound
        end = spans.upperBound
    }

    package var fields: HitFields {
        get { HitFields(storage, first..<end) }
        set { self = PatternHit(rule: rule, pattern: pattern, fields: newValue) }
    }
}

/// The pattern hits of one event, in catalogue order (rule, then pattern). The hits and all their
/// fields lie in one `FieldStorage`, so an event's hits are one allocation and one free, where an
/// array of hits was another and freeing it released each hit. A `PatternHit` is made when read: two
/// numbers and its fields, a run of the storage's spans. Changing a hit or inserting hits makes a new
/// storage (compaction, deferred patterns, events made by hand).
/// Unchecked Sendable: `FieldStorage` is never changed once made.
package struct EventHits: RandomAccessCollection, ExpressibleByArrayLiteral, @unchecked Sendable {
    /// Nil when there are no hits.
    package private(set) var storage: FieldStorage?
    /// The storage's hit records, valid while it lives: read without a call into the storage's module.
    package private(set) var records = UnsafeBufferPointer<HitRecord>(start: nil, count: 0)

    package init() {}

    /// The hits `storage` records.
    package init(_ storage: FieldStorage) {
        records = storage.hits
        self.storage = records.isEmpty ? nil : storage
    }

    /// These hits, their fields copied into one storage.
    package init(_ hits: [PatternHit]) {
        guard !hits.isEmpty else {
            self.init()
            return
        }
        self.init(FieldStorage.make(hits: hits.map { (Int32($0.rule), Int32($0.pattern), $0.fields) }))
    }

    package init(arrayLiteral hits: PatternHit...) { self.init(hits) }

    package var startIndex: Int { 0 }
    package var endIndex: Int { records.count }

    package subscript(h: Int) -> PatternHit {
        get {
            let hit = records[h]
            return PatternHit(rule: Int(hit.rule), pattern: Int(hit.pattern), storage: storage!, spans: hit.first..<hit.end)
        }
        set {
            var hits = Array(self)
            hits[h] = newValue
            self = EventHits(hits)
        }
    }

    /// Adds `new` hits where catalogue order puts them.
    package mutating func insert(_ new: EventHits) {
        guard !new.isEmpty else { return }
        guard !isEmpty else { return self = new }
        var hits = Array(self)
        for hit in new {
            let at = hits.firstIndex { ($0.rule, $0.pattern) > (hit.rule, hit.pattern) } ?? hits.endIndex
            hits.insert(hit, at: at)
        }
        self = EventHits(hits)
    }
}
