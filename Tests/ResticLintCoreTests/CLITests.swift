import Foundation
import Testing

/// `check`, `recommend`, `rules` and `simulate` through the built binary: the exit codes the README
/// documents, every format written in one pass, the baseline and the ignore file.
@Suite struct CLITests {
    let misfire = "\(TestSupport.samplesDirectory)/b2-5005-misfire-0.17.0.log"
    let clean = "\(TestSupport.samplesDirectory)/journald-clean-0.17.1.log"
    let concurrent = "\(TestSupport.samplesDirectory)/docker-concurrent-lock-0.17.2.log"

    private func temporaryFolder() throws -> URL {
        try TemporaryFolder.make("resticlint-cli")
    }

    @Test func checkExitCodes() throws {
        #expect(try TestSupport.run(["check", clean]).status == 0)
        #expect(try TestSupport.run(["check", misfire]).status == 1)
        #expect(try TestSupport.run(["check", concurrent]).status == 0, "a warning passes the default gate")
        #expect(try TestSupport.run(["check", "--fail-on", "warning", concurrent]).status == 1)
        #expect(try TestSupport.run(["check", "/nonexistent.log", clean]).status == 3)
        #expect(try TestSupport.run(["check"], stdin: "").status == 3)
        #expect(try TestSupport.run(["check", "--allow-empty"], stdin: "").status == 0)
        #expect(try TestSupport.run(["check", "--fail-on", "fatal", clean]).status == 64)
        #expect(try TestSupport.run(["check", "--format", "yaml", clean]).status == 64)
        #expect(try TestSupport.run(["analyze", misfire]).status == 0, "analyze never gates")
    }

    @Test func failOnChangesOnlyTheExitCode() throws {
        let gated = try TestSupport.run(["check", "--fail-on", "info", "--format", "json", concurrent])
        let passed = try TestSupport.run(["check", "--format", "json", concurrent])
        #expect(gated.status == 1 && passed.status == 0)
        #expect(gated.stdout == passed.stdout)
    }

    @Test func everyFormatInOnePass() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let formats = ["json", "sarif", "github", "gitlab", "junit", "markdown", "text"]
        let args = ["check", "--fail-on", "info"] + formats.flatMap { ["--format", "\($0):\(folder.path)/report.\($0)"] } + [misfire]
        let run = try TestSupport.run(args)
        #expect(run.status == 1)
        for format in formats {
            let text = try String(contentsOfFile: "\(folder.path)/report.\(format)", encoding: .utf8)
            #expect(text.contains("breaker-misfire"), "\(format) report names the rule")
        }
        let sarif = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("report.sarif"))) as? [String: Any]
        #expect(sarif?["version"] as? String == "2.1.0")
    }

    @Test func baselineAcceptsKnownFindingsEvenWhenTheLogGrows() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let baseline = folder.appendingPathComponent("baseline.json").path
        #expect(try TestSupport.run(["check", "--write-baseline", baseline, misfire]).status == 1)
        #expect(try TestSupport.run(["check", "--baseline", baseline, misfire]).status == 0)
        let grown = folder.appendingPathComponent("grown.log")
        let original = try String(contentsOfFile: misfire, encoding: .utf8)
        try ("open repository\nsnapshot 0a1b2c3d saved\n" + original).write(to: grown, atomically: true, encoding: .utf8)
        // The input name is part of the key; the same name with lines added above keeps the finding known.
        try FileManager.default.removeItem(atPath: baseline)
        let copy = folder.appendingPathComponent("backup.log")
        try original.write(to: copy, atomically: true, encoding: .utf8)
        #expect(try TestSupport.run(["check", "--write-baseline", baseline, "backup.log"], currentDirectory: folder).status == 1)
        try FileManager.default.removeItem(at: copy)
        try FileManager.default.moveItem(at: grown, to: copy)
        let rerun = try TestSupport.run(["check", "--baseline", baseline, "--format", "json", "backup.log"], currentDirectory: folder)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stdout.contains("breaker-misfire"), "known findings are still reported")
        #expect(try TestSupport.run(["check", "--baseline", "\(folder.path)/missing.json", misfire]).status == 3)
    }

    @Test func ignoreFileSuppressesRelevelsAndExpires() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("ignore.yml").path
        try """
            suppressions:
              - rule: breaker-misfire
                reason: upgrade to 0.17.1 scheduled
                until: 2999-01-01
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let suppressed = try TestSupport.run(["check", "--config", config, "--format", "json", misfire])
        #expect(suppressed.status == 0)
        #expect(!suppressed.stdout.contains("\"rule\": \"breaker-misfire\""))
        try """
            suppressions:
              - rule: breaker-misfire
                reason: upgrade to 0.17.1 scheduled
                until: 2000-01-01
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let expired = try TestSupport.run(["check", "--config", config, misfire])
        #expect(expired.status == 1)
        #expect(expired.stderr.contains("expired"))
        try "rules:\n  breaker-misfire: warning\n".write(toFile: config, atomically: true, encoding: .utf8)
        #expect(try TestSupport.run(["check", "--config", config, misfire]).status == 0)
        try "rules:\n  breaker-misfire: maybe\n".write(toFile: config, atomically: true, encoding: .utf8)
        let invalid = try TestSupport.run(["check", "--config", config, misfire])
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("ignore.yml:2:"))
    }

    @Test func recommendPrintsFoundAndFixedIn() throws {
        let run = try TestSupport.run(["recommend", misfire])
        #expect(run.status == 0)
        #expect(run.stdout.contains("Found in: restic 0.17.0 (banner, line 1)"))
        #expect(run.stdout.contains("Fixed in: restic 0.17.1"))
        #expect(run.stdout.contains("More info: https://github.com/restic/restic/issues/5005"))
        let unknown = try TestSupport.run(["recommend"], stdin: "open repository\nFatal: unable to open config file: Stat: 403 Forbidden\n")
        #expect(unknown.stdout.contains("Version evidence missing: 1 run has no restic version"))
    }

    @Test func rulesCommands() throws {
        let list = try TestSupport.run(["rules", "list"])
        #expect(list.stdout.split(separator: "\n").count == TestSupport.catalog.rules.count)
        let explain = try TestSupport.run(["rules", "explain", "breaker-misfire"])
        #expect(explain.stdout.contains("Affected restic versions: >=0.17.0 <0.17.1; fixed in 0.17.1"))
        #expect(try TestSupport.run(["rules", "explain", "no-such-rule"]).status == 64)
        let literals = try TestSupport.run(["rules", "literals"]).stdout.split(separator: "\n").map(String.init)
        #expect(literals.contains("circuit breaker open for file <"))
        #expect(literals.contains("open repository"))
        #expect(literals == literals.sorted() && Set(literals).count == literals.count)
        let test = try TestSupport.run(["rules", "test"])
        #expect(test.status == 0)
        #expect(test.stdout.contains("\(TestSupport.catalog.rules.count) passed, 0 failed"))
    }

    /// `rules test FOLDER` on the shipped folder itself, or on an edited copy of it: the folder's rules
    /// replace the built-in ones of the same id instead of being duplicates.
    @Test func rulesTestTakesAnEditedCopyOfTheShippedRules() throws {
        let shipped = TestSupport.repositoryRoot.appendingPathComponent("rules").path
        // Named as a developer in the checkout would: the built-in files are also called `rules/NAME.yml`.
        for spelling in [shipped, "rules", "rules/"] {
            let same = try TestSupport.run(["rules", "test", spelling], currentDirectory: TestSupport.repositoryRoot)
            #expect(same.status == 0, "\(spelling): \(same.stderr)")
            #expect(same.stdout.contains("\(TestSupport.catalog.rules.count) passed, 0 failed"))
        }

        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = try String(contentsOfFile: "\(shipped)/breaker-misfire.yml", encoding: .utf8)
        // The copy's trigger pattern needs a word restic never prints: its triggering examples must fail.
        let edited = original.replacingOccurrences(of: "regex: 'circuit breaker open", with: "regex: 'circuit breaker never open")
        #expect(edited != original)
        try edited.write(to: folder.appendingPathComponent("breaker-misfire.yml"), atomically: true, encoding: .utf8)
        let broken = try TestSupport.run(["rules", "test", folder.path])
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("FAIL  breaker-misfire"))
        #expect(broken.stdout.contains("0 passed, 1 failed"))
        #expect(try TestSupport.run(["check", "--rules", folder.path, misfire]).status == 2, "elsewhere a duplicate id stays an error")
    }

    @Test func explainLineSaysWhyAPatternDidNotMatch() throws {
        let run = try TestSupport.run(["analyze", "--explain-line", "6", misfire])
        #expect(run.stdout.contains("breaker-misfire.breaker_open: MATCH handle=lock/798ffec919"))
        #expect(run.stdout.contains("lacks"))
    }

    @Test func simulateShowsTheBugAndTheFix() throws {
        let run = try TestSupport.run(["simulate", "--processes", "6", "--runs", "150", "--seed", "1"])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n")
        let buggy = lines.first { $0.hasPrefix("restic 0.17.0:") } ?? ""
        #expect(!buggy.hasPrefix("restic 0.17.0: 0/"), "\(buggy)")
        #expect(lines.contains { $0.hasPrefix("restic 0.17.1: 0/150 runs failed") })
    }
}
