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
}
