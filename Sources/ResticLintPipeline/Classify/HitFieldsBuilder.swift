import ResticFormats
import ResticLintMatching
import ResticLintRules

/// Builds the fields of a message's pattern hits from their PCRE2 matches. It keeps, per message, the
/// Strings of captured ranges (`CaptureValues`), the fields gathered so far (`GatheredFields`) and the
/// last handle's type: the three or four hits of a retry line capture the same bytes, so they share
/// one String each and work the handle's type out once; and all of an event's fields end in one array.
final class HitFieldsBuilder {
    /// Per pattern, which derived fields its captures can give.
    private let derivedSources: [DerivedFields.Sources]
    // Unchecked: the classifier builds one message's hits at a time, and the checks cost about 10 M
    // instructions on a 20 MB retry storm.
    @exclusivity(unchecked) private var captureValues = CaptureValues()
    private let gathered = GatheredFields()
    @exclusivity(unchecked) private var handleTypes = DerivedFields.HandleTypeMemo()
    /// Each hit's rule and pattern and where its fields lie among the message's; the first `hitCount`
    /// are this message's.
    @exclusivity(unchecked) private var gatheredHits: [(rule: Int, pattern: Int, fields: Range<Int>)] = []
    private var hitCount = 0
    private var text = ""

    init(_ patterns: [CompiledPattern]) {
        derivedSources = patterns.map { DerivedFields.Sources(captureNames: $0.captureNames) }
    }

    /// Starts a message: `bytes` are `text`'s, and must stay valid until the next `start`.
    func start(_ bytes: UnsafeBufferPointer<UInt8>, of text: String) {
        captureValues.reset(bytes, whole: text)
        gathered.startMessage()
        hitCount = 0
        self.text = text
    }

    /// Gathers the next hit, of pattern `k` (pattern `p` of rule `r`, `regex`), whose match on the
    /// message `data` holds: its captures and derived fields. `finish` makes the hits.
    func gather(_ k: Int, rule r: Int, pattern p: Int, _ regex: PCRE2Regex, matchedIn data: MatchData, at timestamp: WallClock?) {
        gathered.startHit()
        gathered.appendCaptures(of: regex, in: data, values: &captureValues)
        DerivedFields.derive(gathered, from: derivedSources[k], timestamp: timestamp, memo: &handleTypes)
        let hit = (r, p, gathered.hitRange)
        if hitCount < gatheredHits.count { gatheredHits[hitCount] = hit } else { gatheredHits.append(hit) }
        hitCount += 1
    }

    /// The fields of the hit gathered last, for the trace.
    var lastHitDictionary: [String: String] { gathered.hitDictionary }

    /// Appends to `hits` the hits gathered for this message, in order; their fields are slices of one
    /// array. Long values equal to an earlier one (or to the text) share its storage
    /// (`RetentionBudget.share`), done here where the fields are not yet shared with anyone, so the
    /// tracker need not copy the event to do it.
    func finish(_ hits: inout [PatternHit]) {
        guard hitCount > 0 else { return }
        var longValues = [text]
        RetentionBudget.share(gathered.fieldsInPlace, with: &longValues)
        let fields = gathered.collected()
        for h in 0..<hitCount {
            let hit = gatheredHits[h]
            hits.append(PatternHit(rule: hit.rule, pattern: hit.pattern, fields: fields.slice(hit.fields)))
        }
    }
}
