import Foundation
import Testing

/// `resticlint simulate --format json`: the figures the text output shows, per model, as data.
@Suite struct SimulateJSONTests {
    let arguments = ["simulate", "--model", "0.16", "--model", "0.17.0", "--model", "0.17.1", "--processes", "6", "--runs", "120", "--seed", "3"]

    @Test func jsonCarriesTheTextFiguresPerModel() throws {
        let json = try TestSupport.run(arguments + ["--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let text = try TestSupport.run(arguments)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let config = try #require(document["config"] as? [String: Any])
        #expect(config["processes"] as? Int == 6 && config["runs"] as? Int == 120 && config["seed"] as? Int == 3)
        #expect(config["listLagSeconds"] as? Double == 2 && config["backend"] as? String == "b2")
        let models = try #require(document["models"] as? [[String: Any]])
        #expect(models.map { $0["model"] as? String } == ["0.16", "0.17.0", "0.17.1"])
        for model in models {
            let name = try #require(model["model"] as? String)
            let runs = try #require(model["runs"] as? Int), failed = try #require(model["failedRuns"] as? Int)
            #expect(runs == 120)
            #expect(abs((model["failedRunShare"] as? Double ?? -1) - Double(failed) / Double(runs)) < 1e-12)
            let processes = try #require(model["processes"] as? Int), failedProcesses = try #require(model["failedProcesses"] as? Int)
            #expect(text.stdout.contains("restic \(name): \(failed)/\(runs) runs failed"), "\(name) as in the text output")
            #expect(text.stdout.contains("\(failedProcesses)/\(processes) processes failed"))
            let kinds = try #require(model["failuresByKind"] as? [String: Int])
            #expect(kinds.values.reduce(0, +) == failedProcesses)
            for (kind, count) in kinds { #expect(text.stdout.contains("  \(kind): \(count)")) }
        }
        let misfiring = models.first { $0["model"] as? String == "0.17.0" }
        #expect((misfiring?["failedRuns"] as? Int ?? 0) > 0, "0.17.0 fails under these conditions")
        #expect(models.first { $0["model"] as? String == "0.17.1" }?["failedRuns"] as? Int == 0)
        #expect(try TestSupport.run(arguments + ["--format", "json"]).stdout == json.stdout, "the same seed gives the same document")
    }

    @Test func unknownFormatIsAUsageError() throws {
        let run = try TestSupport.run(["simulate", "--format", "yaml"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--format must be text or json"))
    }
}
