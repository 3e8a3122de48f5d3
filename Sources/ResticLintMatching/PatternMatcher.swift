/// A rule pattern's regex with its exclusions (`unless:`): it matches where the regex finds its first
/// match and no exclusion occurs inside the matched text. Rules expose only this, so every caller
/// (the classifier's prefilter and recognition, rule examples, `--explain-line`) honours the
/// exclusions; a plain "line with WORD but not PHRASE" then needs no lookarounds at every byte.
package final class PatternMatcher: Sendable {
    /// Where a match is and what it captures: the hit's fields are read from it.
    package let regex: PCRE2Regex
    /// Searched in the matched text as if it were the whole subject: `^` and `$` are the match's ends,
    /// and lookbehinds see nothing before it. Only the first match is judged; a pattern whose first
    /// match is excluded does not match, even if a later one would not be.
    package let unless: [PCRE2Regex]

    package init(regex: PCRE2Regex, unless: [PCRE2Regex] = []) {
        self.regex = regex
        self.unless = unless
    }

    /// The range of the match, or nil when there is none or an exclusion occurs in it; the regex's
    /// captures are in `matchData` when it returns a range. Throws when a match limit is hit.
    package func firstMatch(in subject: UnsafeBufferPointer<UInt8>, using matchData: MatchData) throws -> Range<Int>? {
        guard let range = try regex.firstMatch(in: subject, using: matchData) else { return nil }
        if unless.isEmpty { return range }
        return try exclusion(occurringIn: UnsafeBufferPointer(rebasing: subject[range]), using: matchData) == nil ? range : nil
    }

    /// The exclusion that rules out the regex's first match in `subject`, for explanations; nil when
    /// the regex does not match or no exclusion occurs in its match.
    package func exclusion(in subject: UnsafeBufferPointer<UInt8>, using matchData: MatchData) throws -> PCRE2Regex? {
        guard let range = try regex.firstMatch(in: subject, using: matchData) else { return nil }
        return try exclusion(occurringIn: UnsafeBufferPointer(rebasing: subject[range]), using: matchData)
    }

    /// The exclusions search with their own scratch space, so `matchData` keeps the regex's captures.
    private func exclusion(occurringIn matched: UnsafeBufferPointer<UInt8>, using matchData: MatchData) throws -> PCRE2Regex? {
        let scratch = matchData.exclusionScratch
        for exclusion in unless where try exclusion.firstMatch(in: matched, using: scratch) != nil { return exclusion }
        return nil
    }

    /// The named captures of a match in `text`, or nil when the pattern does not match it.
    package func captures(in text: String, using matchData: MatchData) throws -> [String: String]? {
        var text = text
        return try text.withUTF8 { buffer in
            guard try firstMatch(in: buffer, using: matchData) != nil else { return nil }
            return regex.capturedValues(in: buffer, using: matchData)
        }
    }

    package func matches(_ text: String, using matchData: MatchData) throws -> Bool {
        var text = text
        return try text.withUTF8 { try firstMatch(in: $0, using: matchData) != nil }
    }
}
