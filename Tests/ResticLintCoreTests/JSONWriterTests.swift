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

    /// Every ASCII byte and a two-byte character, at every position of strings up to 20 bytes long
    /// (the escape scan takes eight bytes a step), against an escaper written per character.
    @Test func everyByteAtEveryPositionEscapesAsByItself() {
        func naive(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                    out += "\\u00" + String(scalar.value >> 4, radix: 16) + String(scalar.value & 0xF, radix: 16)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        let specials = (0..<128).map { String(UnicodeScalar(UInt8($0))) } + ["µ"]
        for length in 1...20 {
            for position in 0..<length {
                for special in specials {
                    let text = String(repeating: "a", count: position) + special + String(repeating: "b", count: length - position - 1)
                    #expect(JSONString.quoted(text) == naive(text))
                }
            }
        }
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
