import Testing
@testable import ResticLintCore
@testable import ResticLintMatching
@testable import ResticLintModel
@testable import ResticLintPipeline
@testable import ResticLintReporting

/// A message longer than `MessageCut.limit` is classified and kept on its head, gives the diagnosis
/// its short form gives, and says it was cut: in its evidence and in the input's statistics.
@Suite struct MessageCutTests {
    static let banner = "restic 0.17.0 compiled with go1.22.5 on linux/amd64\nopen repository\n"
    static let load = "Load(<lock/798ffec919>, 0, 0) failed: "

    @Test func aMessageIsCutOnACharacterBoundary() {
        let text = String(repeating: "a", count: MessageCut.limit - 1) + "é" + "tail"
        let (head, cutBytes) = MessageCut.head(of: text)
        #expect(head == String(repeating: "a", count: MessageCut.limit - 1))
        #expect(cutBytes == 2 + 4)
        #expect(MessageCut.head(of: "short").cutBytes == 0)
        #expect(MessageCut.marked("abc", cutBytes: 7) == "abc [... 7 bytes cut]")
        #expect(MessageCut.marked("abc", cutBytes: 0) == "abc")
    }

    /// The hostile line of `bench/profiles`: a lock load failure followed by 16,000 letters.
    @Test func aHostileLineGivesTheShortLinesDiagnosis() throws {
        let short = TestSupport.analyze(Self.banner + Self.load + "unexpected EOF\n")
        let long = TestSupport.analyze(Self.banner + Self.load + String(repeating: "xY", count: 8000) + "\n")
        #expect(long.findings.map(\.rule) == short.findings.map(\.rule))
        #expect(!long.findings.isEmpty)
        #expect(long.inputs.first?.cutMessages == 1)
        #expect(short.inputs.first?.cutMessages == 0)
        let evidence = try #require(long.findings.first?.evidence.first { $0.line == 3 }?.text)
        let cut = Self.load.utf8.count + 16_000 - MessageCut.limit
        #expect(evidence.hasSuffix("xY [... \(cut) bytes cut]"))
        #expect(evidence.utf8.count < MessageCut.limit + 32)
        #expect(long.findings.allSatisfy { $0.fields.values.allSatisfy { $0.utf8.count <= MessageCut.limit } })
    }

    /// A long line that no pattern matches is judged on its head too, and counted.
    @Test func aLongRejectedLineIsCounted() {
        let report = TestSupport.analyze(Self.banner + "/srv/www/error/" + String(repeating: "a", count: 6000) + "\n")
        #expect(report.stats.classified == 2)
        #expect(report.inputs.first?.cutMessages == 1)
    }

    @Test func theJSONReportCountsCutMessages() {
        var input = InputSummary(name: "x.log", lines: 1, bytes: 9000, classifiedLines: 1, truncatedLines: 0, error: nil)
        #expect(!JSONReporter.input(input).serialized().contains("cutMessages"))
        input.cutMessages = 3
        #expect(JSONReporter.input(input) == .object([("name", .string("x.log")), ("lines", .int(1)), ("bytes", .int(9000)),
                                                       ("cutMessages", .int(3))]))
    }
}
