import ResticFormats
import ResticLintMatching
import ResticLintRules

/// Builds the fields of a message's pattern hits from their PCRE2 matches. It keeps, per message, the
/// fields gathered so far as spans into the message (`GatheredFields`); all of an event's fields end
/// in one `FieldStorage`, with no String made for a captured value.
final class HitFieldsBuilder {
    /// Per pattern, which derived fields its captures can give.
    private let derivedSources: [DerivedFields.Sources]
    private let gathered: GatheredFields
    /// Each hit's rule and pattern and where its fields lie among the message's; the first `hitCount`
    /// are this message's. Plain memory: an array was retained and released by every `finish`. It
    /// starts at one, so any event with two hits takes the growing path (the tests have many).
    private var gatheredHits = UnsafeMutablePointer<HitRecord>.allocate(capacity: 1)
    private var hitCapacity = 1
    private var hitCount = 0

    init(_ patterns: [CompiledPattern]) {
        derivedSources = patterns.map { DerivedFields.Sources(captureNames: $0.captureNames) }
        let names = FieldNames(patterns.flatMap { $0.matcher.regex.captureNames.map(\.name) })
        gathered = GatheredFields(names: names, captures: patterns.map { CaptureFields($0.matcher.regex, names: names) })
    }

    deinit { gatheredHits.deallocate() }

    /// Starts a message whose bytes are `bytes`; they must stay valid until `finish`.
    func start(_ bytes: UnsafeBufferPointer<UInt8>) {
        gathered.startMessage(bytes)
        hitCount = 0
    }

    /// Gathers the next hit, of pattern `k` (pattern `p` of rule `r`), whose match on the message
    /// `match` holds: its captures and derived fields. `finish` makes the hits.
    func gather(_ k: Int, rule r: Int, pattern p: Int, matchedIn match: MatchOffsets, at timestamp: WallClock?) {
        gathered.startHit()
        gathered.appendCaptures(ofPattern: k, in: match)
        DerivedFields.derive(gathered, from: derivedSources[k], timestamp: timestamp)
        let range = gathered.hitRange
        let hit = HitRecord(rule: Int32(r), pattern: Int32(p), first: Int32(range.lowerBound), end: Int32(range.upperBound))
        if hitCount == hitCapacity {
            let grown = UnsafeMutablePointer<HitRecord>.allocate(capacity: 2 * hitCapacity)
            grown.moveInitialize(from: gatheredHits, count: hitCount)
            gatheredHits.deallocate()
            (gatheredHits, hitCapacity) = (grown, 2 * hitCapacity)
        }
        (gatheredHits + hitCount).initialize(to: hit)
        hitCount += 1
    }

    /// The fields of the hit gathered last, for the trace.
    var lastHitDictionary: [String: String] { gathered.hitDictionary }

    /// The hits gathered for this message, in order, all with their fields in one storage.
    func finish() -> EventHits {
        guard hitCount > 0 else { return EventHits() }
        return EventHits(gathered.collected(hits: UnsafeBufferPointer(start: gatheredHits, count: hitCount)))
    }
}
