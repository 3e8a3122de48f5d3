import Foundation
import Testing
import Yams

/// `contrib/prometheus` and `contrib/grafana` as users copy them: the alert rules pass promtool's
/// checker and their own unit tests, real resticlint metrics raise exactly the alerts they should,
/// and every query names a metric that exists.
@Suite(.serialized) struct ContribPrometheusTests {
    static let contrib = TestSupport.repositoryRoot.appendingPathComponent("contrib")
    static var alerts: URL { contrib.appendingPathComponent("prometheus/alerts.yml") }
    static var dashboard: URL { contrib.appendingPathComponent("grafana/resticlint-dashboard.json") }
    /// node_exporter's own textfile metrics, which the rules use to notice a job that stopped writing.
    static let nodeExporterMetrics: Set<String> = ["node_textfile_mtime_seconds", "node_textfile_scrape_error"]

    @Test func alertRulesPassPromtoolAndTheirUnitTests() throws {
        let check = try PrometheusToolTests.promtool(["check", "rules", Self.alerts.path])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let test = try PrometheusToolTests.promtool(["test", "rules", Self.contrib.appendingPathComponent("prometheus/alerts.test.yml").path])
        #expect(test.status == 0, "\(test.stdout)\(test.stderr)")
    }

    /// The metrics resticlint writes for a sample, as Prometheus would hold them for a few hours, and
    /// the alerts promtool evaluates on them (annotations aside, which the unit tests above pin).
    @Test(arguments: [
        ("journald-short-iso-misfire-0.17.0", [
            "ResticLockMisfire": [["rule": "breaker-misfire"]],
            "ResticLastRunFailed": [["input": "restic-backup.service", "command": "backup", "outcome": "failed"]],
            "ResticUpgradeRecommended": [["version": "0.17.0", "recommended": "0.17.1"]],
        ]),
        ("journald-stale-lock-retry-lock-0.16.4", [
            "ResticStaleLock": [["rule": "repo-locked-stale"]],
            "ResticLastRunFailed": [["input": "restic-backup.service", "command": "unknown", "outcome": "failed"]],
        ]),
        ("journald-clean-0.17.1", [:]),
    ])
    func realMetricsRaiseTheirAlerts(sample: String, expected: [String: [[String: String]]]) throws {
        let folder = try TemporaryFolder.make("resticlint-alerts")
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = try String(contentsOfFile: "\(TestSupport.samplesDirectory)/\(sample).log", encoding: .utf8)
        let run = try TestSupport.run(["analyze", "--stdin-name", "restic-backup.service", "--format", "prometheus"], stdin: log)
        #expect(run.status == 0, "\(run.stderr)")

        // The rules without annotations, so the expectations need only labels.
        var rules = try #require(try Yams.load(yaml: String(contentsOf: Self.alerts, encoding: .utf8)) as? [String: Any])
        var groups = try #require(rules["groups"] as? [[String: Any]])
        groups = groups.map { group in
            var group = group
            group["rules"] = (group["rules"] as? [[String: Any]] ?? []).map { $0.filter { $0.key != "annotations" } }
            return group
        }
        rules["groups"] = groups
        try Yams.dump(object: rules).write(to: folder.appendingPathComponent("alerts.yml"), atomically: true, encoding: .utf8)
        let alertNames = groups.flatMap { $0["rules"] as? [[String: Any]] ?? [] }.compactMap { $0["alert"] as? String }
        let severities = Dictionary(uniqueKeysWithValues: groups.flatMap { $0["rules"] as? [[String: Any]] ?? [] }.compactMap { rule in
            (rule["alert"] as? String).map { ($0, (rule["labels"] as? [String: String])?["severity"] ?? "") }
        })

        let host = ["instance": "nas:9100", "job": "node"]
        let series = PrometheusReporterTests.samples(run.stdout).map { sample in
            // Prometheus drops empty labels when it scrapes.
            let labels = sample.labels.merging(host) { $1 }.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }
            let selector = "\(sample.name){" + labels.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ",") + "}"
            return ["series": selector, "values": "\(sample.value == sample.value.rounded() ? String(Int64(sample.value)) : String(sample.value))x12"]
        }
        let tests: [[String: Any]] = [[
            "interval": "1h", "input_series": series,
            "alert_rule_test": alertNames.map { name in
                [
                    "eval_time": "2h", "alertname": name,
                    "exp_alerts": (expected[name] ?? []).map { labels in
                        ["exp_labels": labels.merging(host) { $1 }.merging(["severity": severities[name] ?? ""]) { $1 }]
                    },
                ] as [String: Any]
            },
        ]]
        let testFile = folder.appendingPathComponent("test.yml")
        try Yams.dump(object: ["rule_files": ["alerts.yml"], "evaluation_interval": "5m", "tests": tests] as [String: Any])
            .write(to: testFile, atomically: true, encoding: .utf8)
        let result = try PrometheusToolTests.promtool(["test", "rules", testFile.path])
        #expect(result.status == 0, "\(sample): \(result.stdout)\(result.stderr)")
    }

    /// Every query of the rules and the dashboard names a metric, and only resticlint's families or
    /// node_exporter's textfile ones.
    @Test func queriesNameExistingMetrics() throws {
        let rules = try #require(try Yams.load(yaml: String(contentsOf: Self.alerts, encoding: .utf8)) as? [String: Any])
        let ruleExprs = (rules["groups"] as? [[String: Any]] ?? []).flatMap { $0["rules"] as? [[String: Any]] ?? [] }.compactMap { $0["expr"] as? String }
        for expr in ruleExprs + (try Self.dashboardExprs()) {
            let names = Self.metricNames(in: expr)
            #expect(!names.isEmpty, "\(expr) names no metric")
            for name in names {
                #expect(PrometheusReporterTests.families.contains(name) || Self.nodeExporterMetrics.contains(name),
                        "\(expr) uses \(name), which nothing exports")
            }
        }
        #expect(ruleExprs.count == 8)
    }

    static func dashboardExprs() throws -> [String] {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.dashboard)) as? [String: Any]
        let panels = try #require(json?["panels"] as? [[String: Any]])
        #expect(!panels.isEmpty)
        return panels.flatMap { $0["targets"] as? [[String: Any]] ?? [] }.compactMap { $0["expr"] as? String }
    }

    /// The dashboard is valid JSON, and every panel query is valid PromQL: promtool checks each one
    /// as a recording rule, with the dashboard's `$instance` variable set to match all.
    @Test func dashboardQueriesAreValidPromQL() throws {
        let exprs = try Self.dashboardExprs()
        let rules: [String: Any] = ["groups": [[
            "name": "dashboard",
            "rules": exprs.enumerated().map { ["record": "dashboard:panel_query_\($0.offset)", "expr": $0.element.replacingOccurrences(of: "$instance", with: ".*")] },
        ]]]
        let file = try Python.temporaryFile(try Yams.dump(object: rules), suffix: ".yml")
        defer { try? FileManager.default.removeItem(at: file) }
        let check = try PrometheusToolTests.promtool(["check", "rules", file.path])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    static func metricNames(in text: String) -> Set<String> {
        let pattern = try! NSRegularExpression(pattern: #"\b(?:resticlint|node)_[a-z_]+\b"#)
        let ns = text as NSString
        return Set(pattern.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range) })
    }
}
