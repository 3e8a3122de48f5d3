import Foundation
import Testing

/// The metrics read by the real parts users have (installed by `.ci/install-deps`): promtool's linter,
/// the official Python client's parser, and node_exporter's textfile collector scraped over HTTP.
@Suite(.serialized) struct PrometheusToolTests {
    static let allSamples = SampleTests.samples.map { "\(TestSupport.samplesDirectory)/\($0).log" }

    /// `promtool`, or a failure saying how to get it.
    static func promtool(_ arguments: [String], stdin: String? = nil) throws -> ChildProcess.Output {
        let path = "/usr/bin/promtool"
        try #require(FileManager.default.isExecutableFile(atPath: path), "promtool is missing: run .ci/install-deps (Debian package prometheus)")
        return try ChildProcess.run(URL(fileURLWithPath: path), arguments, stdin: stdin)
    }

    /// Every sample alone and all of them in one report pass promtool's parser and its naming lint.
    @Test func promtoolAcceptsTheMetricsOfEverySample() throws {
        for input in Self.allSamples + [""] {
            let arguments = ["analyze", "--format", "prometheus"] + (input.isEmpty ? Self.allSamples : [input])
            let run = try TestSupport.run(arguments)
            #expect(run.status == 0, "\(run.stderr)")
            let check = try Self.promtool(["check", "metrics"], stdin: run.stdout)
            #expect(check.status == 0, "\(input): \(check.stdout)\(check.stderr)")
            #expect(check.stdout.isEmpty && check.stderr.isEmpty, "\(input): lint findings: \(check.stdout)\(check.stderr)")
        }
    }

    static let parser = """
        import json, sys
        try:
            from prometheus_client.parser import text_string_to_metric_families
        except ImportError as error:
            print("python3 has no prometheus_client (run .ci/install-deps): %s" % error)
            sys.exit(2)
        text = open(sys.argv[1], encoding="utf-8").read()
        out = {}
        for family in text_string_to_metric_families(text):
            out[family.name] = {"type": family.type, "help": family.documentation,
                                "samples": [[s.name, s.labels, s.value] for s in family.samples]}
        print(json.dumps(out))
        """

    /// The official client's parser reads the same families, label values (escaped input names
    /// included) and values that the JSON report gives.
    @Test func pythonClientParsesTheMetrics() throws {
        let folder = try TemporaryFolder.make("resticlint-prom")
        defer { try? FileManager.default.removeItem(at: folder) }
        let odd = folder.appendingPathComponent("night \"1\" \\ back.log")
        try FileManager.default.copyItem(atPath: "\(TestSupport.samplesDirectory)/journald-stale-lock-retry-lock-0.16.4.log", toPath: odd.path)
        let metrics = folder.appendingPathComponent("resticlint.prom").path
        let json = folder.appendingPathComponent("report.json").path
        let inputs = [odd.path, "\(TestSupport.samplesDirectory)/cron-nightly-mixed-10-runs.log"]
        let run = try TestSupport.run(["analyze", "--format", "prometheus:\(metrics)", "--format", "json:\(json)"] + inputs)
        #expect(run.status == 0, "\(run.stderr)")
        let parsed = try Python.run(Self.parser, [metrics])
        try #require(parsed.status == 0, "\(parsed.stdout)\(parsed.stderr)")
        let families = try #require(try JSONSerialization.jsonObject(with: Data(parsed.stdout.utf8)) as? [String: [String: Any]])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])

        #expect(Set(families.keys).isSubset(of: PrometheusReporterTests.families))
        #expect(families.values.allSatisfy { $0["type"] as? String == "gauge" && !($0["help"] as? String ?? "").isEmpty })
        func samples(_ name: String) -> [(labels: [String: String], value: Double)] {
            (families[name]?["samples"] as? [[Any]] ?? []).map { ($0[1] as? [String: String] ?? [:], $0[2] as? Double ?? .nan) }
        }
        let lines = samples("resticlint_input_lines")
        #expect(lines.map(\.labels["input"]) == inputs, "input names survive escaping")
        let reportInputs = report["inputs"] as? [[String: Any]] ?? []
        #expect(lines.map { Int($0.value) } == reportInputs.map { $0["lines"] as? Int ?? -1 })
        let findings = report["findings"] as? [[String: Any]] ?? []
        for rule in Set(findings.compactMap { $0["rule"] as? String }) {
            let count = samples("resticlint_findings").filter { $0.labels["rule"] == rule }.reduce(0) { $0 + $1.value }
            #expect(Int(count) == findings.filter { $0["rule"] as? String == rule }.count, "\(rule)")
        }
        #expect(samples("resticlint_lock_age_seconds").contains { $0.labels["rule"] == "repo-locked-stale" && $0.value > 1800 })
        #expect(samples("resticlint_last_run_outcome").contains { $0.labels["repository"] == "b2:acme-backups:srv01" && $0.value == 1 })
    }

    /// node_exporter's textfile collector serves the written file: started here on a free loopback
    /// port with only that collector, scraped over HTTP, and stopped.
    @Test func nodeExporterServesTheTextfile() throws {
        let folder = try TemporaryFolder.make("resticlint-prom")
        defer { try? FileManager.default.removeItem(at: folder) }
        let sample = "\(TestSupport.samplesDirectory)/journald-short-iso-misfire-0.17.0.log"
        let run = try TestSupport.run(["analyze", "--stdin-name", "restic-backup.service", "--format", "prometheus:\(folder.path)/resticlint.prom"],
                                      stdin: try String(contentsOfFile: sample, encoding: .utf8))
        #expect(run.status == 0, "\(run.stderr)")
        let written = try String(contentsOfFile: "\(folder.path)/resticlint.prom", encoding: .utf8)

        let scraped = try NodeExporter.scrape(textfileDirectory: folder.path)
        #expect(scraped.contains("\nnode_textfile_scrape_error 0\n"), "\(scraped)")
        let served = try Self.parsedSamples(scraped).filter { $0.hasPrefix("resticlint_") }
        #expect(served == (try Self.parsedSamples(written)), "node_exporter serves exactly the written series")
        #expect(served.contains(#"resticlint_findings{rule="breaker-misfire",severity="error"} 1.0"#))
        #expect(served.contains(#"resticlint_last_run_outcome{command="backup",input="restic-backup.service",outcome="failed"} 1.0"#))
    }

    /// Samples as `name{sorted non-empty labels} value` through the Python client's parser, so two
    /// writers' label order and empty labels compare equal.
    static func parsedSamples(_ text: String) throws -> Set<String> {
        let file = try Python.temporaryFile(text, suffix: ".prom")
        defer { try? FileManager.default.removeItem(at: file) }
        let script = Self.parser + """

            for name, family in out.items():
                for sample, labels, value in family["samples"]:
                    pairs = ",".join('%s="%s"' % (k, v) for k, v in sorted(labels.items()) if v != "")
                    print("%s{%s} %r" % (sample, pairs, float(value)) if pairs else "%s %r" % (sample, float(value)), file=sys.stderr)
            """
        let parsed = try Python.run(script, [file.path])
        try #require(parsed.status == 0, "\(parsed.stdout)")
        return Set(parsed.stderr.split(separator: "\n").map(String.init))
    }
}
