import Testing
@testable import ResticLintCore
import ResticFormats

/// The acceptance case: restic #5005's reproduction (reference §3.3).
@Suite struct MisfireContractTests {
    static let reproduction = """
        restic 0.17.0 compiled with go1.22.5 on linux/amd64
        open repository
        repository d8b8f43f opened (version 1)
        Load(<lock/91b9421fff>, 0, 0) failed: b2_download_file_by_name: 404: File with such name does not exist.
        Load(<lock/91b9421fff>, 0, 0) failed: b2_download_file_by_name: 404: File with such name does not exist.
        unable to create lock in backend: circuit breaker open for file <lock/798ffec919>

        """

    @Test func reproductionIsAMisfire() throws {
        let report = TestSupport.analyze(Self.reproduction)
        #expect(report.findings.map(\.rule) == ["breaker-misfire"])
        let finding = try #require(report.findings.first)
        #expect(finding.lock == "lock/798ffec919")
        #expect(finding.relatedLocks == ["lock/91b9421fff"])
        #expect(finding.fixedIn == "0.17.1")
        #expect(finding.affected == ">=0.17.0 <0.17.1")
        #expect(finding.line == 6)
        #expect(finding.lines == [4, 5, 6])
        #expect(finding.confidence == .confirmed)
        #expect(report.runs.first?.version == .banner(ResticVersion(0, 17, 0), line: 1))
        #expect(finding.remediation.contains { $0.contains("0.17.1") })
    }

    @Test func fixedVersionIsNoMisfire() {
        let text = Self.reproduction.replacingOccurrences(of: "restic 0.17.0 compiled with go1.22.5", with: "restic 0.17.1 compiled with go1.23.0")
        let report = TestSupport.analyze(text)
        #expect(!report.findings.contains { $0.rule == "breaker-misfire" })
        #expect(Set(report.findings.map(\.rule)) == ["breaker-open", "lock-file-vanished"])
        #expect(report.findings.allSatisfy { $0.fixedIn == nil })
    }

    @Test func olderVersionIsNoMisfire() {
        let report = TestSupport.analyze("unable to create lock in backend: circuit breaker open for file <lock/798ffec919>\n", version: "0.16.4")
        #expect(!report.findings.contains { $0.rule == "breaker-misfire" })
    }

    @Test func unknownVersionIsALikelyMisfireWithInferredVersion() throws {
        let text = Self.reproduction.split(separator: "\n").dropFirst().joined(separator: "\n")
        let report = TestSupport.analyze(text)
        let finding = try #require(report.findings.first { $0.rule == "breaker-misfire" })
        #expect(finding.fixedIn == "0.17.1")
        guard case .inferred(let range, _) = report.runs[0].version else {
            Issue.record("version should be inferred, got \(report.runs[0].version)")
            return
        }
        #expect(range.description == ">=0.17.0")
    }

    @Test func ownFailureBeforeBreakerIsNoMisfire() {
        let report = TestSupport.analyze("""
            restic 0.17.0 compiled with go1.22.5 on linux/amd64
            Load(<lock/798ffec919>, 0, 0) returned error, retrying after 1.2s: unexpected EOF
            Load(<lock/798ffec919>, 0, 0) failed: unexpected EOF
            unable to create lock in backend: circuit breaker open for file <lock/798ffec919>
            """)
        #expect(report.findings.map(\.rule) == ["breaker-open"])
        #expect(report.findings.first?.confidence == .confirmed)
    }
}
