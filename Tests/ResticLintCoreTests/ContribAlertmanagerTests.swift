import Foundation
import Testing
import Yams

/// `contrib/alertmanager/alertmanager.yml` with Debian's amtool: a valid configuration, every
/// resticlint alert routed by its severity, and inhibit rules that name alerts which exist.
@Suite struct ContribAlertmanagerTests {
    static let config = TestSupport.repositoryRoot.appendingPathComponent("contrib/alertmanager/alertmanager.yml")

    static func amtool(_ arguments: [String]) throws -> ChildProcess.Output {
        let path = "/usr/bin/amtool"
        try #require(FileManager.default.isExecutableFile(atPath: path), "amtool is missing: run .ci/install-deps (Debian package prometheus-alertmanager)")
        return try ChildProcess.run(URL(fileURLWithPath: path), arguments)
    }

    /// The alert rules' names and severity labels.
    static func alerts() throws -> [(name: String, severity: String)] {
        let text = try String(contentsOf: ContribPrometheusTests.alerts, encoding: .utf8)
        let rules = try #require(try Yams.load(yaml: text) as? [String: Any])
        return (rules["groups"] as? [[String: Any]] ?? []).flatMap { $0["rules"] as? [[String: Any]] ?? [] }.compactMap { rule in
            guard let name = rule["alert"] as? String else { return nil }
            return (name, (rule["labels"] as? [String: String])?["severity"] ?? "")
        }
    }

    @Test func configurationIsValid() throws {
        let check = try Self.amtool(["check-config", Self.config.path])
        #expect(check.status == 0 && check.stdout.contains("SUCCESS"), "\(check.stdout)\(check.stderr)")
    }

    @Test func everyAlertReachesItsReceiver() throws {
        let alerts = try Self.alerts()
        #expect(alerts.count == 8)
        for alert in alerts + [("NodeDown", "critical")] {
            let receiver = !alert.name.hasPrefix("Restic") ? "default" : alert.severity == "info" ? "backup-tickets" : "backup-oncall"
            let route = try Self.amtool(["config", "routes", "test", "--config.file=\(Self.config.path)", "--verify.receivers=\(receiver)",
                                         "alertname=\(alert.name)", "severity=\(alert.severity)"])
            #expect(route.status == 0, "\(alert.name) goes to \(route.stdout), not \(receiver)")
        }
    }

    /// Each inhibit rule's matchers select existing alerts, source and target alike.
    @Test func inhibitRulesNameExistingAlerts() throws {
        let names = try Self.alerts().map(\.name)
        let config = try #require(try Yams.load(yaml: String(contentsOf: Self.config, encoding: .utf8)) as? [String: Any])
        let rules = try #require(config["inhibit_rules"] as? [[String: Any]])
        #expect(!rules.isEmpty)
        for rule in rules {
            for side in ["source_matchers", "target_matchers"] {
                let matcher = try #require((rule[side] as? [String])?.first)
                let value = String(matcher.drop { $0 != "\"" }.dropFirst().dropLast())
                let regex = try NSRegularExpression(pattern: "^(?:\(value))$")
                let matched = names.filter { regex.firstMatch(in: $0, range: NSRange(location: 0, length: ($0 as NSString).length)) != nil }
                #expect(matched.count == value.split(separator: "|").count, "\(side) \(matcher) matches \(matched)")
            }
        }
    }
}
