import Foundation
import Testing
@testable import ResticLintReporting

/// The HTML and Markdown escapers take ASCII text on its bytes and other text scalar by scalar or
/// Character by Character: for ASCII both ways must give the same text, CR LF pairs included.
@Suite struct ASCIIEscapeTests {
    /// Every ASCII string of one and two bytes, and longer ones around them.
    static let texts: [String] = {
        let bytes = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        var texts = bytes
        for a in bytes { for b in bytes { texts.append(a + b) } }
        texts += ["\r\n", "a\r\nb", "<script>alert('x') & \"y\"</script>", "Load(<lock/91b9421fff>, 0, 0) returned error\u{1B}[0m\u{7F}"]
        return texts
    }()

    @Test func htmlEscapesASCIIAsScalarByScalar() {
        for text in Self.texts { #expect(HTML.text(text) == HTML.textByScalars(text), "\(Array(text.utf8))") }
    }

    @Test func markdownEscapesASCIIAsCharacterByCharacter() {
        for text in Self.texts { #expect(Markdown.text(text) == Markdown.textByCharacters(text), "\(Array(text.utf8))") }
    }

    @Test func otherTextTakesTheReferencePath() {
        for text in ["µ <b>", "e\u{301} & \u{85}" + String(UnicodeScalar(0xFDD0)!), "ü\r\n>"] {
            #expect(HTML.text(text) == HTML.textByScalars(text))
            #expect(Markdown.text(text) == Markdown.textByCharacters(text))
        }
    }

    /// Every string of up to four of the bytes the Markdown report replaces or counts, and others.
    static let markdownTexts: [String] = {
        let alphabet = ["|", "\r", "\n", "`", "a", " "]
        var texts = [""], last = [""]
        for _ in 1...4 {
            last = last.flatMap { text in alphabet.map { text + $0 } }
            texts += last
        }
        return texts + ["µ`` |\r\n", "e\u{301}`|\n", "``a```b`"]
    }()

    @Test func markdownReplacesAndCountsAsFoundationAndCharactersDo() {
        for text in Self.markdownTexts {
            #expect(text.replacingASCII("\r\n", with: "\n") == text.replacingOccurrences(of: "\r\n", with: "\n"), "\(Array(text.utf8))")
            #expect(text.replacingASCII("|", with: "\\|") == text.replacingOccurrences(of: "|", with: "\\|"), "\(Array(text.utf8))")
            #expect(text.replacingASCII("\n", with: " ") == text.replacingOccurrences(of: "\n", with: " "), "\(Array(text.utf8))")
            var longest = 0, current = 0
            for character in text {
                current = character == "`" ? current + 1 : 0
                longest = max(longest, current)
            }
            #expect(Markdown.longestRun(of: "`", in: text) == longest, "\(Array(text.utf8))")
        }
    }
}
