import Foundation
import Testing
@testable import ResticLintCore
import ResticFormats

/// The real restic 0.14.0 in the loop: each scenario produces restic's own output for a lock or
/// backend situation and asserts the diagnosis, on the plain output, behind `ts` and journald
/// prefixes, and with the `restic version` line a wrapper script prints first. Scenarios with
/// exhausted retries wait out restic's real backoff (10 retries, about 45 s), so they run in parallel.
@Suite(.serialized) struct RealResticSetupTests {
    @Test func resticIsDebians0_14() async throws {
        let output = try ChildProcess.run(try RealRestic.binary(), ["version"])
        #expect(output.stdout.hasPrefix("restic 0.14.0 "), "expected Debian's restic 0.14.0: \(output.stdout)")
    }
}

@Suite struct RealResticTests {
    /// One expected finding: its rule, and the lock (full ID) its `lock` must abbreviate, if any.
    struct Expected: CustomStringConvertible {
        var rule: String
        var lock: String?
        /// Repeats of one problem the finding folds (same rule, operation kind and error class).
        var occurrences: Int?
        var description: String { lock.map { "\(rule) \($0.prefix(10))" } ?? rule }
    }

    @Test func liveLockBlocksPrune() async throws {
        let restic = try await RealRestic("live")
        defer { restic.remove() }
        let holder = try await restic.holdLock()
        let prune = try await restic.run(["prune"], repository: restic.repository.path)
        kill(holder.process.processIdentifier, SIGKILL)
        await RealRestic.exit(of: holder.process)
        #expect(prune.status == 1)
        #expect(prune.text.contains("repository is already locked by PID \(holder.process.processIdentifier)"))
        try expectDiagnosis(prune.text, [Expected(rule: "repo-locked-concurrent", lock: holder.lock)])
    }

    @Test func lockOfKilledProcessAgedTwoHoursIsStale() async throws {
        let restic = try await RealRestic("stale")
        defer { restic.remove() }
        let killed = try await restic.lockOfKilledProcess()
        let aged = try restic.age(lock: killed, by: 7200)
        #expect(restic.lockIDs == [aged])
        let prune = try await restic.run(["prune"], repository: restic.repository.path)
        #expect(prune.status == 1)
        #expect(prune.text.contains("storage ID \(aged.prefix(8))"))
        #expect(prune.text.contains("(2h0m"), "lock age not moved back: \(prune.text)")
        try expectDiagnosis(prune.text, [Expected(rule: "repo-locked-stale", lock: aged)])
    }

    /// restic 0.14 skips a lock it cannot decrypt without a word (0.15.0 made it fatal): nothing to diagnose.
    @Test func invalidLockIsIgnoredSilently() async throws {
        let restic = try await RealRestic("invalid")
        defer { restic.remove() }
        let garbage = Data((0..<200).map { UInt8(truncatingIfNeeded: $0 &* 37) })
        let id = SHA256.digest([UInt8](garbage)).map { String(format: "%02x", $0) }.joined()
        try garbage.write(to: restic.repository.appendingPathComponent("locks/\(id)"))
        let prune = try await restic.run(["prune"], repository: restic.repository.path)
        #expect(prune.status == 0, "\(prune.text)")
        try expectDiagnosis(prune.text, [])
    }

    @Test func dataUploadsRecoveredAfterTwo500s() async throws {
        let output = try await runAgainstREST("recovered", faults: [["method": "POST", "path": "^/data/", "status": 500, "times": 2]],
                                        command: ["backup"], sourceBytes: 3_000_000)
        #expect(output.status == 0)
        #expect(output.text.contains("returned error, retrying after"))
        let packs = Set(handles(in: output.text, prefix: "Save(<data/"))
        try expectDiagnosis(output.text, [Expected(rule: "retry-recovered", occurrences: packs.count)])
    }

    @Test func indexListingThrottledBy503RecoversAsThrottling() async throws {
        let output = try await runAgainstREST("throttled", faults: [["method": "GET", "path": "^/index/$", "status": 503, "times": 3]],
                                        command: ["backup"])
        #expect(output.status == 0)
        try expectDiagnosis(output.text, [Expected(rule: "backend-throttled")])
    }

    @Test func snapshotListingAnswered429RecoversAsThrottling() async throws {
        let output = try await runAgainstREST("429", faults: [["method": "GET", "path": "^/snapshots/$", "status": 429, "times": 2]],
                                        command: ["snapshots"])
        #expect(output.status == 0)
        try expectDiagnosis(output.text, [Expected(rule: "backend-throttled")])
    }

    @Test func dataUploadFailingEveryTimeIsExhausted() async throws {
        let output = try await runAgainstREST("exhausted", faults: [["method": "POST", "path": "^/data/", "status": 500]],
                                        command: ["backup"], sourceBytes: 1000)
        #expect(output.status == 1)
        #expect(output.text.contains("Fatal: unable to save snapshot: server response unexpected: 500"))
        // One data pack and one tree pack, each given up after 10 retries.
        let packs = Set(handles(in: output.text, prefix: "Save(<data/"))
        #expect(packs.count == 2)
        try expectDiagnosis(output.text, [Expected(rule: "retry-exhausted", occurrences: packs.count)])
    }

    @Test func rejectedLockUploadIsAFailedLockSave() async throws {
        let output = try await runAgainstREST("locksave", faults: [["method": "POST", "path": "^/locks/", "status": 403]],
                                        command: ["backup"])
        #expect(output.status == 1)
        let lock = try #require(handles(in: output.text, prefix: "Save(<lock/").first)
        try expectDiagnosis(output.text, [Expected(rule: "lock-save-failed", lock: lock)])
    }

    /// restic 0.14 prints `error while unlocking: ...` without a newline, so it is glued to what follows.
    @Test func lockRemovalRefusedAtExitIsALockRemoveFailure() async throws {
        let output = try await runAgainstREST("unlock", faults: [["method": "DELETE", "path": "^/locks/", "status": 500]],
                                              command: ["backup"])
        let lock = try #require(handles(in: output.text, prefix: "Remove(<lock/").first)
        try expectDiagnosis(output.text, [Expected(rule: "lock-remove-failed", lock: lock)])
    }

    /// A listing that names a lock the backend then answers 404 for; 0.14 retries not-found 10 times.
    @Test func listedLockAnswering404IsAVanishedLock() async throws {
        let ghost = String(repeating: "ab", count: 32)
        let output = try await runAgainstREST("ghost", faults: [["method": "GET", "path": "^/locks/$", "list_extra": ghost, "times": 1]],
                                        command: ["backup"])
        #expect(output.status == 0)
        try expectDiagnosis(output.text, [Expected(rule: "lock-file-vanished", lock: ghost)])
    }

    /// The lock of a killed process is deleted by "another process" between restic's list and its load.
    @Test func lockRemovedBetweenListAndLoadIsAVanishedLock() async throws {
        let restic = try await RealRestic("vanish")
        defer { restic.remove() }
        let killed = try await restic.lockOfKilledProcess()
        let backend = try FaultyRESTBackend(serving: restic.repository,
                                            faults: [["method": "GET", "path": "^/locks/$", "vanish_after_list": true, "times": 1]])
        defer { backend.stop() }
        let output = try await restic.run(["backup", restic.source.path], repository: backend.url)
        #expect(output.status == 0)
        #expect(restic.lockIDs.isEmpty)
        try expectDiagnosis(output.text, [Expected(rule: "lock-file-vanished", lock: killed)])
    }

    // MARK: - support

    private func runAgainstREST(_ name: String, faults: [[String: Any]], command: [String], sourceBytes: Int = 64 * 1024) async throws -> RealRestic.Output {
        let restic = try await RealRestic(name, sourceBytes: 0)
        defer { restic.remove() }
        var generator = SystemRandomNumberGenerator()
        try Data((0..<sourceBytes).map { _ in UInt8.random(in: 0...255, using: &generator) })
            .write(to: restic.source.appendingPathComponent("new.bin"))
        let backend = try FaultyRESTBackend(serving: restic.repository, faults: faults)
        defer { backend.stop() }
        return try await restic.run(command == ["backup"] ? ["backup", restic.source.path] : command, repository: backend.url)
    }

    private func handles(in text: String, prefix: String) -> [String] {
        text.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix(prefix), let end = line.firstIndex(of: ">") else { return nil }
            return String(line[line.index(line.startIndex, offsetBy: prefix.count)..<end])
        }
    }

    /// The same findings (rule, lock, trigger line) on the plain output, behind `ts` and journald
    /// prefixes, and after the `restic version` line (which must then give the run version 0.14.0).
    private func expectDiagnosis(_ output: String, _ expected: [Expected], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let plain = TestSupport.analyze(output)
        #expect(plain.findings.map(\.rule) == expected.map(\.rule),
                "findings \(plain.findings.map { "\($0.rule) line \($0.line): \($0.message)" }) for output:\n\(output)",
                sourceLocation: sourceLocation)
        for (finding, wanted) in zip(plain.findings, expected) {
            if let occurrences = wanted.occurrences {
                #expect(finding.occurrences == occurrences, "occurrences of \(finding.rule)", sourceLocation: sourceLocation)
            }
            if let lock = wanted.lock {
                let abbreviated = finding.lock.map { String($0.dropFirst("lock/".count)) } ?? "none"
                #expect(lock.hasPrefix(abbreviated) && abbreviated.count >= 8, "lock \(finding.lock ?? "none") is not \(lock)",
                        sourceLocation: sourceLocation)
            }
        }
        let signature = { (report: AnalysisReport, offset: Int) in
            report.findings.map { "\($0.rule) \($0.lock ?? "-") \($0.line - offset) \($0.severity)" }
        }
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        let renderings = [
            ("ts '%F %T'", lines.map { "2026-11-30 01:26:04 \($0)" }.joined(separator: "\n"), 0),
            ("journald", lines.map { "Nov 30 01:26:04 vm restic[4242]: \($0)" }.joined(separator: "\n"), 0),
            ("banner", "restic 0.14.0 compiled with go1.19.8 on linux/amd64\n" + output, 1),
        ]
        for (name, text, offset) in renderings {
            let report = TestSupport.analyze(text)
            #expect(signature(report, offset) == signature(plain, 0), "\(name) rendering differs", sourceLocation: sourceLocation)
            if name == "banner" {
                #expect(report.runs.first?.version.value == "0.14.0", sourceLocation: sourceLocation)
            }
        }
    }
}
