import Testing
import ResticFormats
import ResticLintModel
@testable import ResticLintReporting

/// The JSON report streams its findings as bytes rather than building a `JSONValue` tree for each:
/// both ways must write the same text, escapes included.
@Suite struct JSONWriterTests {
    static let awkward = "quote \" backslash \\ line\nbreak\rreturn\ttab \u{01}\u{1F}\u{7F} µ <lock/91b9421fff>"

    @Test func stringsEscapeTheSameAsTextAndAsBytes() {
        let expected = "\"quote \\\" backslash \\\\ line\\nbreak\\rreturn\\ttab \\u0001\\u001f\\u007f µ <lock/91b9421fff>\""
        #expect(JSONString.quoted(Self.awkward) == expected)
        var bytes: [UInt8] = Array("x".utf8)
        JSONString.append(Self.awkward, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "x" + expected)
        #expect(JSONString.quoted("") == "\"\"" && JSONString.quoted("\n") == "\"\\n\"")
    }

    @Test func numbersAreWrittenAsTheirDecimalText() {
        for value in [0, 7, 9, 10, 99, 100, 1_234_567, -1, -10, -905, Int.max, Int.min] {
            let out = PrettyJSONObject.Bytes()
            out.append(value)
            #expect(out.text == String(value))
        }
    }

    @Test func aStreamedFindingIsItsTreeSerialized() {
        var bare = ReportFixtures.finding(message: Self.awkward)
        bare.evidence = []
        bare.fields = [:]
        bare.lines = []
        bare.relatedLocks = []
        bare.reference = nil
        var escaped = ReportFixtures.finding(title: Self.awkward)
        escaped.evidence.append(EvidenceLine(line: 99, text: Self.awkward))
        escaped.fields["awk\"ward"] = Self.awkward
        let findings = ReportFixtures.ciReport.findings + [bare, escaped]
        #expect(findings.contains { $0.reference != nil })
        for finding in findings {
            let out = PrettyJSONObject.Bytes()
            var object = PrettyJSONObject(level: 2, in: out)
            JSONReporter.write(finding, to: &object)
            object.close()
            #expect(out.text == JSONReporter.finding(finding).serialized(level: 2))
        }
    }
}
