import Foundation
import Testing
import Yams

/// Every `samples/NAME.log` goes through the built binary; `samples/NAME.expect.yml` says what the
/// report must hold: the run count, versions, and exactly which findings at which lines.
@Suite struct SampleTests {
    static let samples: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: TestSupport.samplesDirectory)) ?? []
        return names.filter { $0.hasSuffix(".log") }.map { String($0.dropLast(4)) }.sorted()
    }()

    @Test func samplesExist() {
        #expect(Self.samples.count >= 20)
    }

    @Test(arguments: samples)
    func sampleGivesItsDiagnosis(name: String) throws {
        let folder = TestSupport.samplesDirectory
        let expectText = try String(contentsOfFile: "\(folder)/\(name).expect.yml", encoding: .utf8)
        let expected = try #require(try Yams.load(yaml: expectText) as? [String: Any])
        let run = try TestSupport.run(["analyze", "--format", "json", "\(folder)/\(name).log"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let stats = try #require(report["stats"] as? [String: Any])
        let runs = try #require(report["runs"] as? [[String: Any]])
        let findings = try #require(report["findings"] as? [[String: Any]])

        #expect(stats["classified"] as? Int ?? -1 <= stats["lines"] as? Int ?? 0)
        if let count = expected["runs"] as? Int { #expect(runs.count == count, "runs") }
        if let evidence = expected["evidence"] as? [String] {
            let actual = runs.map { ($0["resticVersion"] as? [String: Any])?["evidence"] as? String ?? "?" }
            #expect(actual == evidence, "version evidence")
        }
        if let versions = expected["versions"] as? [Any] {
            let actual = runs.map { ($0["resticVersion"] as? [String: Any])?["value"] as? String }
            let wanted = versions.map { $0 as? String }
            #expect(actual == wanted, "versions")
        }
        let wanted = (expected["findings"] as? [[String: Any]]) ?? []
        let got = findings.map { "\($0["rule"] as? String ?? "?")@\($0["line"] as? Int ?? 0)" }
        #expect(got == wanted.map { "\($0["rule"] as? String ?? "?")@\($0["line"] as? Int ?? 0)" }, "findings")
        for (want, have) in zip(wanted, findings) {
            if let lock = want["lock"] as? String { #expect(have["lock"] as? String == lock, "lock of \(want["rule"] ?? "")") }
            if let file = want["file"] as? String {
                #expect((have["details"] as? [String: Any])?["handle"] as? String == file, "file of \(want["rule"] ?? "")")
                #expect(have["lock"] is NSNull, "a \(file) finding names no lock")
            }
            if let related = want["relatedLocks"] as? [String] {
                #expect(have["relatedLocks"] as? [String] == related, "relatedLocks of \(want["rule"] ?? "")")
            }
            if let occurrences = want["occurrences"] as? Int {
                #expect(have["occurrences"] as? Int == occurrences, "occurrences of \(want["rule"] ?? "")")
            }
            if let confidence = want["confidence"] as? String {
                #expect(have["confidence"] as? String == confidence, "confidence of \(want["rule"] ?? "")")
            }
            if let fragment = want["messageContains"] as? String {
                #expect((have["message"] as? String ?? "").contains(fragment), "message of \(want["rule"] ?? "")")
            }
        }
        // A finding's text is whole: no placeholder left unfilled, no stand-in for a missing value.
        for finding in findings {
            let texts = [finding["message"] as? String ?? ""] + (finding["remediation"] as? [String] ?? [])
            for text in texts {
                #expect(text.range(of: #"\{[a-z_]+\}"#, options: .regularExpression) == nil, "unfilled placeholder: \(text)")
                #expect(!text.contains("no release"), "stand-in value: \(text)")
            }
        }
    }
}
