import Testing
@testable import ResticLintMatching

@Suite struct RegexTests {
    @Test func namedCapturesAndJIT() throws {
        let regex = try PCRE2Regex(#"open for file <(?<handle>lock/[0-9a-f]+)>"#)
        #expect(regex.isJIT == PCRE2Regex.jitSupported)
        let captures = try regex.captures(in: "circuit breaker open for file <lock/798ffec919>", using: MatchData())
        #expect(captures == ["handle": "lock/798ffec919"])
    }

    /// A pattern is checked when it is made but JIT-compiled on its first match, once, however many
    /// threads match it first at the same time.
    @Test func jitCompilesOnTheFirstMatchOnly() async throws {
        let regex = try PCRE2Regex(#"lock/(?<id>[0-9a-f]+) (?<verb>\w+)"#)
        #expect(!regex.jitAttempted)
        #expect(regex.captureNames.map(\.name) == ["id", "verb"])
        let results = await withTaskGroup(of: [String: String]?.self) { group in
            for task in 0..<8 {
                group.addTask { try? regex.captures(in: "lock/\(task)abc removed", using: MatchData()) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(results.map { $0?["verb"] }) == ["removed"])
        #expect(Set(results.compactMap { $0?["id"] }).count == 8)
        #expect(regex.jitAttempted)
        #expect(regex.isJIT == PCRE2Regex.jitSupported)
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
