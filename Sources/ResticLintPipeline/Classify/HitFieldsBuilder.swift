import ResticFormats
import ResticLintMatching
import ResticLintRules

/// Builds the fields of a message's pattern hits from their PCRE2 matches. It keeps, per message, the
/// Strings of captured ranges (`CaptureValues`), the long values the fields share
/// (`RetentionBudget.share`) and the last handle's type: the three or four hits of a retry line
/// capture the same bytes, so they share one String each and work the handle's type out once.
final class HitFieldsBuilder {
    /// Per pattern, which derived fields its captures can give.
    private let derivedSources: [DerivedFields.Sources]
    // Unchecked: the classifier builds one message's hits at a time, and the checks cost about 10 M
    // instructions on a 20 MB retry storm.
    @exclusivity(unchecked) private var captureValues = CaptureValues()
    @exclusivity(unchecked) private var longValues: [String] = []
    @exclusivity(unchecked) private var handleTypes = DerivedFields.HandleTypeMemo()

    init(_ patterns: [CompiledPattern]) {
        derivedSources = patterns.map { DerivedFields.Sources(captureNames: $0.captureNames) }
    }

    /// Starts a message: `bytes` are `text`'s, and must stay valid until the next `start`.
    func start(_ bytes: UnsafeBufferPointer<UInt8>, of text: String) {
        captureValues.reset(bytes, whole: text)
        longValues = [text]
    }

    /// The fields of pattern `k` (`regex`), whose match on the message `data` holds: captures and
    /// derived fields. Long values equal to an earlier one share its storage
    /// (`RetentionBudget.share`), done here where the fields are not yet shared with anyone, so the
    /// tracker need not copy the event to do it.
    func fields(of k: Int, _ regex: PCRE2Regex, matchedIn data: MatchData, at timestamp: WallClock?) -> HitFields {
        let sources = derivedSources[k]
        var fields = HitFields(capturesOf: regex, in: data, derived: sources.count, values: &captureValues)
        DerivedFields.derive(&fields, from: sources, timestamp: timestamp, memo: &handleTypes)
        RetentionBudget.share(&fields, with: &longValues)
        return fields
    }
}
