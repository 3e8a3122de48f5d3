import Foundation
import Testing
@testable import ResticLintCore
@testable import ResticLintMatching
@testable import ResticLintPipeline

/// Literal clauses decide which patterns never run on a message, so they must hold for every match:
/// a clause the subject lacks would silently lose a finding.
@Suite struct LiteralClausesTests {
    @Test func readsLookaheadsAlternationsAndRepeats() {
        #expect(LiteralClauses.extract(from: #"Load\(<(?=[^\n]*(?:404|NoSuchKey))x"#) == [["Load(<"], ["404", "NoSuchKey"], ["x"]])
        #expect(LiteralClauses.extract(from: #"ab?c+d*e{2}f{0,3}g"#) == [["a"], ["c"], ["e"], ["g"]])
        #expect(LiteralClauses.extract(from: #"(?:Fatal: )?unable|(?<n>refresh) (?>lock)"#) == [["unable", "refresh"]])
        #expect(LiteralClauses.extract(from: #"^(?m)(?:error|)x\.y"#) == [["x.y"]])
        #expect(LiteralClauses.extract(from: #"(?:\b(?:503|429)\b|slow ?down)"#) == [["503", "429", "slow"]])
    }

    @Test func assertionsThatNeedNoTextContributeNothing() {
        #expect(LiteralClauses.extract(from: #"(?!error)(?<=fatal)(?<!warn)abc"#) == [["abc"]])
        #expect(LiteralClauses.extract(from: #"(?:(?=error))?abc"#) == [["abc"]])
        #expect(LiteralClauses.extract(from: #"(?:error){0}abc"#) == [["abc"]])
    }

    @Test(arguments: [#"(?i)abc"#, #"a(?i:b)c"#, #"(?x)a b"#, #"\x41bc"#, #"\Qabc\E"#, #"(a)\1"#, #"\p{L}abc"#,
                      #"(*COMMIT)abc"#, #"(?(1)a|b)"#, #"(?#note)abc"#, #"a{x"#, #"ab)"#, #"\N{U+41}"#, #"(?-i)abc"#])
    func constructsItDoesNotModelGiveNothing(_ pattern: String) {
        #expect(LiteralClauses.extract(from: pattern) == nil)
    }

    /// Adversarial shapes over a tiny alphabet, so that random subjects match often: every match
    /// must meet every clause, with and without PCRE2's caseless option.
    @Test(arguments: [
        #"(?=[^\n]*(?:ab|ca))b+c"#, #"(?:ab|c)?ba"#, #"(?<=ab)c"#, #"(?!abc)ab"#, #"a(?:b|)c"#, #"[ab]c{1,2}a"#,
        #"(?:ab){0}c"#, #"(?>ab|a)c"#, #"a\Kbc"#, #"(?:a(?=bc)|cb(?!a))b"#, #"^(?:ab|ba)\b|c\Bab"#,
        #"(?<x>ab)?c|(?|a(b)|b(a))c"#, #"(?=a)(?=.*b)(?=.*?c)\w+"#, #"a.*?b[^c]+c"#, #"(?:a|b)(?:c|a)"#,
        #"(?m)^a$\n^b"#, #"ab{1,}c{1,2}a{0,}"#, #"\.a|b\-| \."#, #"(?:(?:ab)+|(?:cb)*a)c"#,
    ])
    func everyMatchMeetsEveryClause(_ pattern: String) throws {
        let clauses = try #require(LiteralClauses.extract(from: pattern))
        let alphabet = Array("abcABC.- \n")
        var random = FuzzRandom(seed: 29)
        for caseless in [false, true] {
            let regex = try PCRE2Regex(pattern, caseInsensitive: caseless)
            var matched = 0
            for _ in 0..<3000 {
                let subject = String((0..<random.below(14)).map { _ in random.pick(alphabet) })
                guard try regex.matches(subject, using: MatchData()) else { continue }
                matched += 1
                for clause in clauses {
                    #expect(clause.contains { LiteralClausesTests.contains(subject, $0, caseless: caseless) },
                            "\(pattern) matches \(subject.debugDescription) without any of \(clause)")
                }
            }
            #expect(matched > 0, "\(pattern) never matched: the check proved nothing")
        }
    }

    /// With a known start, a branch whose `^` is followed by contradicting text adds nothing, and a
    /// pattern none of whose branches can match gives the clause `[]`; assertions and optional groups
    /// keep their meaning.
    @Test func readsBranchesAKnownStartRulesOut() {
        let start = [Array("unchanged ".utf8)]
        #expect(LiteralClauses.extract(from: #"(?:^fatal|\) failed|^error) x"#, subjectStarts: start) == [[") failed"], [" x"]])
        #expect(LiteralClauses.extract(from: #"^Fatal: x|^error"#, subjectStarts: start) == [[]])
        #expect(LiteralClauses.extract(from: #"(?=^err)abc"#, subjectStarts: start) == [[], ["abc"]])
        #expect(LiteralClauses.extract(from: #"(?!^err)abc"#, subjectStarts: start) == [["abc"]])
        #expect(LiteralClauses.extract(from: #"(?:^err)?abc"#, subjectStarts: start) == [["abc"]])
        #expect(LiteralClauses.extract(from: #"^UNCH|abc"#, subjectStarts: start) == [["UNCH", "abc"]])
        #expect(LiteralClauses.extract(from: #"^\x75x|^(?:e)"#, subjectStarts: start) == nil)
        #expect(LiteralClauses.extract(from: #"^(?:e)|^\.x"#, subjectStarts: start) == [[".x"]])
        #expect(LiteralClauses.extract(from: #"^(?:using parent|scan (?:x|y)) x"#, subjectStarts: start) == [[], [" x"]])
        #expect(LiteralClauses.extract(from: #"^(?s)(?<n>unch|x)"#, subjectStarts: start) == [["unch"]])
        #expect(LiteralClauses.extract(from: #"^(?:error)?unch"#, subjectStarts: start) == [["unch"]])
        #expect(LiteralClauses.extract(from: #"^fatal"#) == [["fatal"]])
    }

    /// Every match of a subject with one of the known starts meets every clause read with them, and
    /// a pattern given `[]` never matches one.
    @Test(arguments: [#"^ba|c"#, #"(?:^b|a)c"#, #"^a(?:^b)?c"#, #"(?=^ac)a|^b"#, #"^abc|^b|^c"#, #"(?!^b)a|^c(?:a|^a)"#,
                      #"^AB|^(?:b)c"#, #"\b^ac|b"#, #"^(?:ba|c)a|b"#, #"^(?:(?:ba)|ab)c"#, #"^(?:ba|ca)?b"#, #"^(?s)(?:b|c)|a"#,
                      #"^(?=b)|a"#, #"^(?:a|b)(?:b|c)"#])
    func aKnownStartKeepsEveryClauseTrue(_ pattern: String) throws {
        let clauses = try #require(LiteralClauses.extract(from: pattern, subjectStarts: [Array("ab".utf8), Array("aB.".utf8)]))
        let alphabet = Array("abcABC.- \n")
        var random = FuzzRandom(seed: 31)
        for caseless in [false, true] {
            let regex = try PCRE2Regex(pattern, caseInsensitive: caseless)
            for _ in 0..<3000 {
                let subject = random.pick(["ab", "aB."]) + String((0..<random.below(10)).map { _ in random.pick(alphabet) })
                guard try regex.matches(subject, using: MatchData()) else { continue }
                for clause in clauses {
                    #expect(clause.contains { LiteralClausesTests.contains(subject, $0, caseless: caseless) },
                            "\(pattern) matches \(subject.debugDescription) without any of \(clause)")
                }
            }
        }
    }

    /// Every shipped pattern on every message the project holds (samples, rule examples, whole
    /// and line by line): when it matches, the selection offers it.
    @Test func everyShippedPatternIsSelectedWhereverItMatches() throws {
        let patterns = TestSupport.catalog.rules.flatMap(\.patterns)
        #expect(patterns.contains { !$0.alsoRequired.isEmpty })
        let selection = MessageLiterals(patterns, markerLiterals: [], blockLiterals: [])
        let messages = try LiteralClausesTests.projectMessages()
        let matchData = MatchData()
        var matches = 0
        for message in messages {
            selection.select(message)
            let offered = Set(selection.candidates)
            // A caller that vouches for ASCII skips the check and must be offered the same.
            var text = message
            if text.utf8.allSatisfy({ $0 < 0x80 }) {
                #expect(Set(text.withUTF8 { selection.select($0, knownASCII: true); return Array(selection.candidates) }) == offered)
            }
            for (k, pattern) in patterns.enumerated() where try pattern.matcher.matches(message, using: matchData) {
                matches += 1
                #expect(offered.contains(k), "\(pattern.name) matches but is not selected: \(message.prefix(200))")
            }
        }
        #expect(matches > 500)
    }

    /// The marker alternation runs only on a message that holds a marker literal (`Fatal: ` rather
    /// than the prefilter's bare `Fatal`): wherever it matches, the selection must say so.
    @Test func markerLiteralsHoldWhereverAMarkerMatches() throws {
        let selection = MessageLiterals([], markerLiterals: RunMarkerClassifier.messageLiterals, blockLiterals: [])
        let markers = RunMarkerClassifier()
        var marked = 0
        for message in try LiteralClausesTests.projectMessages() {
            var bytes = message
            guard bytes.withUTF8({ markers.mayMark($0) }) else { continue }
            marked += 1
            #expect(bytes.withUTF8 { selection.select($0) }.markerLiteral, "a marker matches without a marker literal: \(message.prefix(200))")
        }
        #expect(marked > 300)
        var listed = "unchanged /home/grace/Photos/2022/FatalErrorReport.txt"
        #expect(!listed.withUTF8 { selection.select($0) }.markerLiteral)
    }

    /// Samples and rule examples, whole and line by line, and each sample line's normalized messages.
    static func projectMessages() throws -> Set<String> {
        var messages: Set<String> = []
        for rule in TestSupport.catalog.rules {
            for example in rule.definition.examples.triggering + rule.definition.examples.nonTriggering {
                messages.insert(example.log)
                messages.formUnion(example.log.split(separator: "\n").map(String.init))
            }
        }
        let folder = TestSupport.samplesDirectory
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".log") {
            let text = try String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8)
            let normalizer = LineNormalizer()
            for line in text.split(separator: "\n") {
                messages.insert(String(line))
                for part in Array(line.utf8).withUnsafeBufferPointer({ normalizer.normalize($0) }).parts {
                    messages.insert(part.text)
                }
            }
        }
        return messages
    }

    /// PCRE2's caseless UTF matching takes `ſ` (U+017F) for `s`, which the automaton's ASCII fold does
    /// not: on non-ASCII text a caseless pattern keeps running whatever its further clauses say.
    @Test func caselessPatternsKeepRunningOnNonASCIIText() throws {
        let patterns = TestSupport.catalog.rules.flatMap(\.patterns)
        let throttled = try #require(patterns.firstIndex { $0.name == "throttled" })
        let message = "Fatal: upload: ſlow down, please"
        #expect(try patterns[throttled].matcher.matches(message, using: MatchData()))
        let selection = MessageLiterals(patterns, markerLiterals: [], blockLiterals: [])
        selection.select(message)
        #expect(selection.candidates.contains(throttled))
        selection.select("Fatal: upload: plain failure")
        #expect(!selection.candidates.contains(throttled))
    }

    /// `--explain-line` names the clause a message lacks, not a literal it holds.
    @Test func theTraceNamesTheClauseAMessageLacks() {
        let classifier = EventClassifier(catalog: TestSupport.catalog)
        var lacks: [String: [String]] = [:]
        classifier.trace = { step in
            if case .pattern(_, let pattern, .lacksLiterals(let literals)) = step { lacks[pattern] = literals }
        }
        let line = Array("Load(<lock/798ffec919>, 0, 0) failed: permission denied".utf8)
        let normalized = line.withUnsafeBufferPointer { LineNormalizer().normalize($0) }
        _ = classifier.classify(line: 1, normalized) { _ in }
        _ = classifier.flush { _ in }
        #expect(lacks["vanished"]?.contains("NoSuchKey") == true)
        #expect(lacks["save_cap"] == ["Save(<lock/"])
    }

    private static func contains(_ text: String, _ literal: String, caseless: Bool) -> Bool {
        caseless ? text.lowercased().contains(literal.lowercased()) : text.contains(literal)
    }
}
