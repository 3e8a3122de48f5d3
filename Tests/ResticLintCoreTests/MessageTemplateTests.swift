import Testing
@testable import ResticLintRules

/// Braces are found by byte on ASCII text and by Character otherwise; both must read a template alike.
@Suite struct MessageTemplateTests {
    static let templates = [
        "plain text", "{version}", "restic {version} on {input}", "{", "}", "{}", "{ }", "a{b", "a}b{c}",
        "{x{y}", "{{version}}", "{version}}", "{not a name} {count}", "JSON {\"a\": 1} stays", "{_x1}{y}{",
        "trailing {fixed", "{lock}/{related_locks} at {first_line}\nnext line {run}",
    ]
    static let fields = ["version": "0.17.0", "input": "b.log", "count": "3", "y": "Y", "_x1": "X"]

    @Test(arguments: templates)
    func asciiAndUnicodeTextReadAlike(_ template: String) {
        let suffix = " é"
        #expect(MessageTemplate.placeholders(in: template) == MessageTemplate.placeholders(in: template + suffix))
        #expect(MessageTemplate.render(template, fields: Self.fields).map { $0 + suffix }
            == MessageTemplate.render(template + suffix, fields: Self.fields))
        #expect(MessageTemplate.fillKnown(template, fields: Self.fields) + suffix
            == MessageTemplate.fillKnown(template + suffix, fields: Self.fields))
    }

    /// Why non-ASCII text is read by Character: a combining mark makes a brace part of another character.
    @Test func aBraceWithACombiningMarkIsNoBrace() {
        #expect(MessageTemplate.placeholders(in: "{\u{301}version}") == [])
        #expect(MessageTemplate.placeholders(in: "é {version}") == ["version"])
    }
}
