import Foundation
import Testing
@testable import ResticLintReporting

/// `ReportTrim` trims ASCII text on bytes and leaves the rest to Foundation: both ways must give what
/// `trimmingCharacters(in:)` gives, for every byte at either end.
@Suite struct ReportTrimTests {
    @Test func trimsAsFoundationDoes() {
        let ends = (0..<128).map { String(UnicodeScalar(UInt8($0))) } + ["", "\r\n", " \t", "\u{A0}", "\u{2003}", "\u{85}", "µ"]
        let cores = ["", "a", "a b", "x\ny", "µ", " . "]
        for head in ends {
            for core in cores {
                for tail in ends {
                    let text = head + core + tail
                    #expect(ReportTrim.trimmed(text[...], .whitespaces) == text.trimmingCharacters(in: .whitespaces),
                            "\(Array(text.unicodeScalars))")
                    #expect(ReportTrim.trimmed(text[...], .whitespacesAndNewlines) == text.trimmingCharacters(in: .whitespacesAndNewlines),
                            "\(Array(text.unicodeScalars))")
                }
            }
        }
    }
}
