import Foundation
import Testing

/// `simulate --log-dir` with `--log-all` and `--exclusive-processes`: the logs the model writes are
/// restic's, so analyzing them must give the diagnosis the model's outcome implies.
@Suite struct SimulateLogDirTests {
    private func simulate(_ arguments: [String], into folder: URL) throws -> [String: Any] {
        let run = try TestSupport.run(["simulate", "--format", "json", "--log-dir", folder.path] + arguments)
        #expect(run.status == 0, "\(run.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let exclusive = arguments.firstIndex(of: "--exclusive-processes").map { Int(arguments[$0 + 1]) } ?? 0
        #expect((document["config"] as? [String: Any])?["exclusiveProcesses"] as? Int == exclusive)
        let models = try #require(document["models"] as? [[String: Any]])
        return try #require(models.first)
    }

    private func logs(in folder: URL) throws -> [String: String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        return try Dictionary(uniqueKeysWithValues: names.map { ($0, try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)) })
    }

    @Test func logAllWritesEveryProcessAndTheFailingOnesUnchanged() throws {
        let failing = try TemporaryFolder.make("simulate-failing"), all = try TemporaryFolder.make("simulate-all")
        defer { try? FileManager.default.removeItem(at: failing); try? FileManager.default.removeItem(at: all) }
        let arguments = ["--model", "0.17.0", "--processes", "6", "--runs", "40", "--seed", "1"]
        let model = try simulate(arguments, into: failing)
        _ = try simulate(arguments + ["--log-all"], into: all)
        let failingLogs = try logs(in: failing), allLogs = try logs(in: all)
        let failedProcesses = try #require(model["failedProcesses"] as? Int)
        #expect(failedProcesses > 0, "0.17.0 misfires under #5005's conditions")
        #expect(failingLogs.count == failedProcesses)
        #expect(allLogs.count == 6 * 40)
        for (name, text) in failingLogs { #expect(allLogs[name] == text, "\(name) is the same log either way") }
        for (name, text) in allLogs where failingLogs[name] == nil {
            #expect(text.contains(" saved\n"), "\(name) locked, backed up and saved its snapshot:\n\(text)")
        }
    }

    @Test func anExclusiveHolderMakesTheOthersReportTheRepositoryLocked() throws {
        let folder = try TemporaryFolder.make("simulate-exclusive")
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try simulate(["--model", "0.17.1", "--processes", "4", "--exclusive-processes", "1", "--runs", "5",
                                  "--seed", "1", "--log-all"], into: folder)
        let failed = try #require(model["failedProcesses"] as? Int)
        #expect(failed > 0)  // the exclusive one fails too when a shared locker came first
        #expect(model["failuresByKind"] as? [String: Int] == ["already locked": failed], "an exclusive holder fails only lockers")
        let logs = try logs(in: folder).sorted { $0.key < $1.key }
        let locked = logs.filter { $0.value.contains("unable to create lock in backend: repository is already locked ") }
        #expect(locked.count == failed)

        let analysis = try TestSupport.run(["analyze", "--format", "json"] + logs.map { folder.appendingPathComponent($0.key).path })
        let document = try #require(try JSONSerialization.jsonObject(with: Data(analysis.stdout.utf8)) as? [String: Any], "\(analysis.stderr)")
        let findings = try #require(document["findings"] as? [[String: Any]])
        let rulesByInput = Dictionary(grouping: findings) { ($0["input"] as? String).map { URL(fileURLWithPath: $0).lastPathComponent } ?? "" }
            .mapValues { Set($0.compactMap { $0["rule"] as? String }) }
        for (name, _) in logs {
            if locked.contains(where: { $0.key == name }) {
                #expect(rulesByInput[name] == ["repo-locked-concurrent"], "\(name): a young exclusive lock of a running process")
            } else {
                #expect(rulesByInput[name] == nil, "\(name) locked and finished: nothing to report")
            }
        }
    }

    @Test func exclusiveProcessesBeyondProcessesIsAUsageError() throws {
        let run = try TestSupport.run(["simulate", "--processes", "2", "--exclusive-processes", "3"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--exclusive-processes must be between 0 and --processes"))
        let logAll = try TestSupport.run(["simulate", "--log-all"])
        #expect(logAll.status == 64 && logAll.stderr.contains("--log-all needs --log-dir"))
    }
}
