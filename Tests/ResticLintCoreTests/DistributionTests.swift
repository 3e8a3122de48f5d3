import Foundation
import Testing
import Yams
@testable import ResticLintCore
import ResticLintMatching
@testable import ResticLintRules

/// What release engineering promises: the binary carries its rules and works from any folder, names
/// its version and its catalogue's, and the committed completions match the commands.
@Suite struct DistributionTests {
    @Test func compiledInCatalogueIsTheRulesFolderByteForByte() throws {
        let folder = try RuleCatalog.ruleFiles(at: TestSupport.rulesDirectory).map(RuleSourceFile.init(readingPath:))
        let builtin = BuiltinRules.files
        #expect(builtin.map(\.name) == folder.map { URL(fileURLWithPath: $0.name).lastPathComponent },
                "the EmbedRules build plugin did not pick up rules/*.yml; `swift build` regenerates it")
        for (compiled, file) in zip(builtin, folder) { #expect(compiled.text == file.text, "\(compiled.name) differs") }
        let loaded = try RuleCatalog.load(from: [], builtin: true)
        #expect(loaded.version == TestSupport.catalog.version)
        #expect(loaded.rules.map(\.id) == TestSupport.catalog.rules.map(\.id))
        #expect(loaded.rules.allSatisfy { $0.definition.source.file.hasPrefix("rules/") })
    }

    /// The rule embedder hashes the compiled-in files at build time; a run hashes only files it reads.
    @Test func buildTimeCatalogueVersionIsTheRunTimeOne() throws {
        #expect(BuiltinRules.version == RuleSourceFile.version(of: BuiltinRules.files))
        #expect(BuiltinRules.version == RuleCatalog.builtinVersion)
        let folder = try RuleCatalog.load(from: [TestSupport.rulesDirectory], builtin: false)
        #expect(folder.version == BuiltinRules.version)
        let extra = try TemporaryFolder.make("extra-rules")
        defer { try? FileManager.default.removeItem(at: extra) }
        try RobustnessRuleTests.base.write(to: extra.appendingPathComponent("extra.yml"), atomically: true, encoding: .utf8)
        let withExtra = try RuleCatalog.load(from: [extra.path], builtin: true)
        #expect(withExtra.version == RuleSourceFile.version(of: BuiltinRules.files + [RuleSourceFile(name: "extra.yml", text: RobustnessRuleTests.base)]))
        #expect(withExtra.version != BuiltinRules.version)
    }

    /// Loading the catalogue JIT-compiles nothing: each pattern is compiled when it first runs.
    @Test func loadingTheCatalogueLeavesJITCompilationToTheFirstMatch() throws {
        let catalog = try RuleCatalog.load(from: [], builtin: true)
        let regexes = catalog.rules.flatMap(\.patterns).map(\.matcher.regex)
        #expect(!regexes.isEmpty && regexes.allSatisfy { !$0.jitAttempted })
        _ = Analyzer(catalog: catalog).analyze(text: try String(contentsOfFile: "\(TestSupport.samplesDirectory)/b2-5005-misfire-0.17.0.log", encoding: .utf8))
        #expect(regexes.contains { $0.jitAttempted } && regexes.contains { !$0.jitAttempted })
        #expect(regexes.filter(\.jitAttempted).allSatisfy { $0.isJIT == PCRE2Regex.jitSupported })
    }

    @Test func catalogueVersionFollowsTheFilesNotTheirFolder() {
        let a = RuleSourceFile(name: "/x/a.yml", text: "id: a"), b = RuleSourceFile(name: "/x/b.yml", text: "id: b")
        #expect(RuleSourceFile.version(of: [a, b]) == RuleSourceFile.version(of: [RuleSourceFile(name: "rules/a.yml", text: "id: a"), b]))
        #expect(RuleSourceFile.version(of: [a, b]) != RuleSourceFile.version(of: [a]))
        #expect(RuleSourceFile.version(of: [a, b]) != RuleSourceFile.version(of: [RuleSourceFile(name: "a.yml", text: "id: a "), b]))
        #expect(RuleSourceFile.version(of: [a]).count == 12)
    }

    /// The binary copied out of the build tree, run from `/`: no `rules/` anywhere near it.
    @Test func binaryWorksOutsideTheCheckout() throws {
        let folder = try TemporaryFolder.make("resticlint-copy")
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("resticlint")
        try FileManager.default.copyItem(at: TestSupport.executable, to: copy)
        var environment = ProcessInfo.processInfo.environment
        environment["RESTICLINT_RULES"] = nil
        let sample = "\(TestSupport.samplesDirectory)/b2-5005-misfire-0.17.0.log"
        let result = try ChildProcess.run(copy, ["analyze", "--format", "json", sample], environment: environment,
                                          currentDirectory: URL(fileURLWithPath: "/"))
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(findings.map { $0["rule"] as? String } == ["breaker-misfire"])
    }

    @Test func versionNamesToolAndCatalogue() throws {
        let result = try TestSupport.run(["--version"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "resticlint \(Analyzer.toolVersion)")
        #expect(lines.dropFirst().first == "rules \(TestSupport.catalog.version)")
        #expect(lines.last?.hasPrefix("PCRE2 10.") == true)
    }

    @Test func reportsCarryToolAndCatalogueVersions() throws {
        let sample = "\(TestSupport.samplesDirectory)/b2-5005-misfire-0.17.0.log"
        let folder = try TemporaryFolder.make("resticlint-versions")
        defer { try? FileManager.default.removeItem(at: folder) }
        let json = folder.appendingPathComponent("report.json"), sarif = folder.appendingPathComponent("report.sarif")
        let result = try TestSupport.run(["analyze", "--format", "json:\(json.path)", "--format", "sarif:\(sarif.path)", sample])
        #expect(result.status == 0, "\(result.stderr)")
        let documents = try [json, sarif].map {
            try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: $0)) as? [String: Any])
        }
        let tool = try #require(documents[0]["tool"] as? [String: Any])
        #expect(tool["version"] as? String == Analyzer.toolVersion)
        #expect(tool["rulesVersion"] as? String == TestSupport.catalog.version)
        let runs = try #require(documents[1]["runs"] as? [[String: Any]])
        let driver = try #require((runs.first?["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["semanticVersion"] as? String == Analyzer.toolVersion)
        #expect(driver["version"] as? String == "\(Analyzer.toolVersion)+rules.\(TestSupport.catalog.version)")
    }

    /// The committed completion scripts are what the commands generate today.
    @Test(arguments: [("bash", "completions/resticlint.bash"), ("zsh", "completions/_resticlint"),
                      ("fish", "completions/resticlint.fish")])
    func completionsAreCurrent(shell: String, path: String) throws {
        let generated = try TestSupport.run(["--generate-completion-script", shell])
        #expect(generated.status == 0)
        let committed = try String(contentsOf: TestSupport.repositoryRoot.appendingPathComponent(path), encoding: .utf8)
        #expect(generated.stdout == committed, "\(path) is stale: run dist/docs to regenerate it and the man page")
    }
}
