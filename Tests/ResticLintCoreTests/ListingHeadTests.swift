import Testing
@testable import ResticLintCore
@testable import ResticLintMatching
@testable import ResticLintPipeline

/// A pattern left out for listing lines loses its findings there if the proof is wrong, so the proof
/// is checked three ways: it refuses shapes where PCRE2 does match a listing line, every pattern it
/// accepts fails PCRE2 on many listing lines built from the project's messages, and the selection
/// leaves out exactly the proved patterns.
@Suite struct ListingHeadTests {
    static func word(_ message: String) -> Int? {
        Array(message.utf8).withUnsafeBufferPointer { ListingHead.word(of: $0) }
    }

    @Test func readsResticsListingWords() {
        #expect(ListingHeadTests.word("unchanged /home/alice/error.log") == 1)
        #expect(ListingHeadTests.word("new       /srv/failed/x, saved in 0.010s (2.000 KiB added)") == 0)
        #expect(ListingHeadTests.word("modified  C:\\x") == 2)
        #expect(ListingHeadTests.word("new /srv/x") == 0)
        for other in ["unchanged", "unchanged ", "unchanged   ", "unchangedx /x", "Unchanged /x", "new\t/x", "newer /x",
                      "new é", "modified  \u{7F}", "n", "", " unchanged /x", "unlock /x", "mod /x"] {
            #expect(ListingHeadTests.word(other) == nil, "\(other.debugDescription)")
        }
    }

    /// Each shape the proof must refuse, with a listing line PCRE2 matches: refusing is necessary.
    @Test(arguments: [
        (#"(?m)^(?!(?:new|unchanged|modified) +\S)x"#, "unchanged /a\nx"),
        (#"^(?!(?:new|unchanged|modified) +\S)?u"#, "unchanged /a"),
        (#"^(?!(?:new|unchanged|modified) +\S)x|u"#, "unchanged /a"),
        (#"(?x)^(?!(?:new|unchanged|modified) +\S)u"#, "unchanged /a"),
        (#"^(?!(?:new|Unchanged|modified) +\S)u"#, "unchanged /a"),
        (#"^(?!(?:new|modified) +\S)u"#, "unchanged /a"),
        (#"^(?!(?:new|unchanged|modified)  +\S)u"#, "unchanged /a"),
        (#"^(?!(?:new|unchanged|modified) +\S\S\S)u"#, "unchanged /a"),
        (#"^(?!(?:new|unchanged|modified) +)?\S"#, "unchanged /a"),
        (#"^unch"#, "unchanged /a"),
        (#"^mod"#, "modified  /a"),
        (#"^\x75nchanged"#, "unchanged /a"),
        (#"^(?:error|unchanged)"#, "unchanged /a"),
        (#"^(?i)UNCHANGED"#, "unchanged /a"),
        (#"^NEW"#, "NEW /a"),
        (#"^new +\S"#, "new       /a"),
        (#"a|^x"#, "unchanged /a"),
        (#"(?-m)^(?!(?:new|unchanged|modified) +\S)x|(?m)^u"#, "unchanged /a\nu"),
    ])
    func refusesWhatCanMatch(_ pattern: String, _ listing: String) throws {
        let regex = try PCRE2Regex(pattern, caseInsensitive: pattern == "^NEW")
        #expect(try regex.matches(listing, using: MatchData()), "the example does not show that refusing is needed")
        #expect(!ListingHead.excludes(regex), "\(pattern)")
        #expect(ListingHead.clauses(of: regex)?.contains([]) != true, "\(pattern)")
        let multiline = try PCRE2Regex(pattern.replacingOccurrences(of: "(?m)", with: ""), multiline: true)
        #expect(!ListingHead.excludes(multiline) && ListingHead.clauses(of: multiline)?.contains([]) != true)
    }

    @Test func provesTheShapesItKnows() throws {
        for pattern in [#"^(?!(?:new|unchanged|modified) +\S|x)(?<line>[^\n]*error[^\n]*)"#,
                        #"^(?!a|(?:deleted|modified|unchanged|new) +\S)b"#, #"^Fatal: (?<e>.*)|^error: x"#, #"^KB"#] {
            let regex = try PCRE2Regex(pattern, caseInsensitive: true)
            #expect(ListingHead.excludes(regex), "\(pattern)")
            #expect(!ListingHead.excludes(try PCRE2Regex(pattern, multiline: true)))
        }
        #expect(ListingHead.clauses(of: try PCRE2Regex(#"^Fatal: x|^error: "#)) == [[]])
        #expect(ListingHead.clauses(of: try PCRE2Regex(#"(?:^fatal|\) failed|^error) x"#)) == [[") failed"], [" x"]])
    }

    /// The catch-all `error_word` is the pattern listed paths select; it and the anchored patterns
    /// are proved, no unanchored one is, and none of the patterns `ListingFilter` leaves out matches a
    /// listing line built from any project message (each message as the path, after every word).
    @Test func shippedPatternsProvedNeverMatchListingLines() throws {
        let patterns = TestSupport.catalog.rules.flatMap(\.patterns)
        let errorWord = try #require(patterns.first { $0.name == "error_word" })
        #expect(ListingHead.excludes(errorWord.matcher.regex))
        for pattern in patterns where !ListingHead.isAnchored(pattern.matcher.regex) {
            #expect(!ListingHead.excludes(pattern.matcher.regex), "\(pattern.name)")
        }
        let paths = try LiteralClausesTests.projectMessages().flatMap { message in
            [message, "/" + message, "/srv/" + message.replacingOccurrences(of: " ", with: "/") + ", saved in 0.010s (2.000 KiB added)"]
        }
        let filter = ListingFilter(patterns, patternWords: (patterns.count + 63) / 64, markerLiterals: [], blockLiterals: [])
        let matchData = MatchData()
        var excluded = 0, checked = 0
        for (k, pattern) in patterns.enumerated() where filter.excluded[k >> 6] & (1 << UInt64(k & 63)) != 0 {
            excluded += 1
            #expect(ListingHead.excludes(pattern.matcher.regex) || ListingHead.clauses(of: pattern.matcher.regex)?.contains([]) == true)
            for word in ListingHead.words {
                for path in paths {
                    let line = word + String(repeating: " ", count: max(1, 10 - word.count)) + path
                    guard ListingHeadTests.word(line) != nil else { continue }
                    #expect(try !pattern.matcher.regex.matches(line, using: matchData), "\(pattern.name) matches \(line.prefix(200))")
                    checked += 1
                }
            }
        }
        #expect(excluded >= 8)
        #expect(checked > 100_000)
    }
}
