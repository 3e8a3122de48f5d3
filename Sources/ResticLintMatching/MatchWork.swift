import CPCRE2

/// Counts the steps PCRE2's interpreter takes to match a pattern: an automatic callout fires before
/// every pattern item it tries, so the count is deterministic (no clock) and grows with the square of
/// the length for a pattern that rescans the rest of the line from every start position. PCRE2's
/// own match limit does not: it counts backtracking frames, and a lazy scan inside a lookahead
/// repeated from each start (`x(?=[^\n]*?404)`) stays at one unit per byte while its time doubles
/// with every doubling. Used by the tests that keep every shipped pattern linear.
package enum MatchWork {
    /// The steps matching `pattern` against `subject` takes, or nil when they exceed `limit`.
    package static func steps(pattern: String, caseInsensitive: Bool = false, subject: [UInt8], limit: Int) throws -> Int? {
        var options = UInt32(PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_DUPNAMES | PCRE2_AUTO_CALLOUT)
        if caseInsensitive { options |= UInt32(PCRE2_CASELESS) }
        var errorCode: Int32 = 0
        var errorOffset = 0
        let utf8 = Array(pattern.utf8)
        guard let code = pcre2_compile_8(utf8, utf8.count, options, &errorCode, &errorOffset, nil) else {
            throw RegexError(message: "invalid regex: \(PCRE2Regex.errorText(errorCode))", source: PatternSource(file: "<work>"))
        }
        defer { pcre2_code_free_8(code) }
        let context = pcre2_match_context_create_8(nil)
        defer { pcre2_match_context_free_8(context) }
        let matchData = pcre2_match_data_create_from_pattern_8(code, nil)
        defer { pcre2_match_data_free_8(matchData) }
        var meter = (steps: 0, limit: limit)
        let rc = withUnsafeMutablePointer(to: &meter) { meterPointer in
            pcre2_set_callout_8(context, { _, data in
                let meter = data!.assumingMemoryBound(to: (steps: Int, limit: Int).self)
                meter.pointee.steps += 1
                return meter.pointee.steps > meter.pointee.limit ? PCRE2_ERROR_CALLOUT : 0
            }, meterPointer)
            return subject.withUnsafeBufferPointer { buffer in
                pcre2_match_8(code, buffer.baseAddress ?? UnsafePointer(bitPattern: 1), buffer.count, 0, 0, matchData, context)
            }
        }
        if rc == PCRE2_ERROR_CALLOUT { return nil }
        if rc < 0 && rc != PCRE2_ERROR_NOMATCH {
            throw RegexError(message: "match failed: \(PCRE2Regex.errorText(rc))", source: PatternSource(file: "<work>"))
        }
        return meter.steps
    }
}
