import Testing
@testable import ResticLintCore

/// The replay's scenario comes from what the rules captured (handles, retry delays, retry counts,
/// errors), never from searching the raw text.
@Suite struct ReplayScenarioTests {
    static let banner = "restic 0.17.1 compiled with go1.23.0 on linux/amd64\nopen repository\n"
    static let retry = "Load(<lock/6e2d9c1a7b>, 0, 0) returned error, retrying after 1.0s: stream error: stream ID 13; CANCEL; received from peer\n"

    static func scenario(_ log: String, rule: String) throws -> [String: String] {
        let finding = try #require(TestSupport.analyze(log).findings.first { $0.rule == rule })
        return try #require(finding.reference).scenario
    }

    @Test func aLoadThatRecoveredReplaysAsTransient() throws {
        let log = Self.banner + Self.retry + Self.retry + "Load(<lock/6e2d9c1a7b>, 0, 0) operation successful after 2 retries\n"
        #expect(try Self.scenario(log, rule: "lock-load-failed")["locks"] == "lock/6e2d9c1a7b failing 2 times, then loading")
    }

    @Test func aLoadThatNeverRecoveredReplaysAsFailing() throws {
        let log = Self.banner + Self.retry + Self.retry
        #expect(try Self.scenario(log, rule: "lock-load-failed")["locks"]
            == "lock/6e2d9c1a7b failing (stream error: stream ID 13; CANCEL; received from peer)")
    }

    /// Another lock's recovery does not count for this lock.
    @Test func onlyThisLocksCapturesCount() throws {
        let log = Self.banner + Self.retry + "Load(<lock/0000000001>, 0, 0) operation successful after 2 retries\n"
        #expect(try Self.scenario(log, rule: "lock-load-failed")["locks"]?.hasPrefix("lock/6e2d9c1a7b failing (") == true)
    }

    @Test func theBackendComesFromTheCapturedErrors() throws {
        let misfire = try Self.scenario(MisfireContractTests.reproduction, rule: "breaker-misfire")
        #expect(misfire["backend"] == "b2")
        #expect(misfire["breakerOpenFor"] == "lock/798ffec919")
        let s3 = MisfireContractTests.reproduction.replacingOccurrences(
            of: "b2_download_file_by_name: 404: File with such name does not exist.", with: "The specified key does not exist.")
        #expect(try Self.scenario(s3, rule: "breaker-misfire")["backend"] == "s3")
    }
}
