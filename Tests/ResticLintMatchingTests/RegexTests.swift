import Testing
@testable import ResticLintMatching

@Suite struct RegexTests {
    @Test func namedCapturesAndJIT() throws {
        let regex = try PCRE2Regex(#"open for file <(?<handle>lock/[0-9a-f]+)>"#)
        #expect(regex.isJIT == PCRE2Regex.jitSupported)
        let captures = try regex.captures(in: "circuit breaker open for file <lock/798ffec919>", using: MatchData())
        #expect(captures == ["handle": "lock/798ffec919"])
    }

    @Test func compileErrorsNameSourceAndOffset() {
        do {
            _ = try PCRE2Regex("Load\\((?<handle>", source: PatternSource(file: "rules/x.yml", line: 12, column: 5))
            Issue.record("expected a compile error")
        } catch let error as RegexError {
            #expect(error.description.hasPrefix("rules/x.yml:12:5: invalid regex at offset"))
        } catch { Issue.record("\(error)") }
    }

    @Test func catastrophicBacktrackingHitsTheMatchLimit() throws {
        let regex = try PCRE2Regex("^(a+)+$", matchLimit: 10_000)
        let subject = String(repeating: "a", count: 40) + "b"
        #expect(throws: RegexError.self) { try regex.matches(subject, using: MatchData()) }
    }

    @Test func requiredLiterals() {
        #expect(RequiredLiterals.extract(from: #"circuit breaker open for file <(?<h>lock/[0-9a-f]+)>"#) == ["circuit breaker open for file <lock/"])
        #expect(RequiredLiterals.extract(from: #"^Fatal: |^error: "#) == ["Fatal: ", "error: "])
        #expect(RequiredLiterals.extract(from: #"[a-z]+ \d+|open repo"#) == nil)
        #expect(RequiredLiterals.extract(from: #"^Fatal: .*|unable to create lock"#) == ["Fatal: ", "unable to create lock"])
        #expect(RequiredLiterals.extract(from: #"(?:Fatal: )?unable to create lock"#) == ["unable to create lock"])
        #expect(RequiredLiterals.extract(from: #"retries?\d+ failed"#) == [" failed"])
    }
}
