import Foundation
import ResticFormats
import ResticLintModel
import ResticLintRules

/// Paths as CI systems want them: relative to the directory resticlint ran in (the checkout root in
/// CI) when the log lies under it, else exactly as given.
enum ReportPaths {
    static func relative(_ name: String, to directory: String) -> String {
        guard name.hasPrefix("/") else {
            var rest = Substring(name)
            while rest.hasPrefix("./") { rest = rest.dropFirst(2).drop { $0 == "/" } }
            return rest.isEmpty ? name : String(rest)
        }
        guard directory.hasPrefix("/") else { return name }
        if let inside = strip(standardized(directory), from: standardized(name)) { return inside }
        // A symlinked checkout or log folder: compare the resolved paths too.
        let resolvedBase = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        let resolvedPath = URL(fileURLWithPath: name).resolvingSymlinksInPath().path
        return strip(standardized(resolvedBase), from: standardized(resolvedPath)) ?? name
    }

    private static func strip(_ base: String, from path: String) -> String? {
        if base == "/" { return path.count > 1 ? String(path.dropFirst()) : nil }
        guard path.hasPrefix(base + "/"), path.count > base.count + 1 else { return nil }
        return String(path.dropFirst(base.count + 1))
    }

    /// `/a/./b/../c/` → `/a/c`, lexically.
    static func standardized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// An RFC 3986 URI reference for a path: relative paths stay relative, absolute ones become `file:` URIs.
    static func uri(_ path: String) -> String {
        let encoded = path.split(separator: "/", omittingEmptySubsequences: false).map { percentEncode(String($0)) }.joined(separator: "/")
        return path.hasPrefix("/") ? "file://" + encoded : encoded
    }

    /// A directory as a `file:` URI ending in `/`, as SARIF wants for base URIs.
    static func directoryURI(_ directory: String) -> String {
        let path = standardized(directory)
        return uri(path == "/" ? "/" : path + "/")
    }

    /// Bytes a path segment keeps as they are: unreserved and sub-delims, plus '@'; ':' is encoded so a
    /// first segment never reads as a scheme. A table by byte: SARIF encodes a path per evidence line.
    private static let unencoded: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=@".utf8 { table[Int(byte)] = true }
        return table
    }()

    private static func percentEncode(_ segment: String) -> String {
        var out = ""
        for byte in segment.utf8 {
            if unencoded[Int(byte)] {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

/// `ReportPaths.relative` per directory and input, worked out once: it may resolve symbolic links on
/// disk, and the CI formats ask for every finding (SARIF for every evidence line).
final class ReportPathMemo: @unchecked Sendable {
    private struct Key: Hashable {
        var directory, input: String
    }

    /// Every access to `known` holds it.
    private let lock = NSLock()
    private var known: [Key: String] = [:]

    func path(of input: String, in directory: String) -> String {
        let key = Key(directory: directory, input: input)
        if let path = lock.withLock({ known[key] }) { return path }
        let path = ReportPaths.relative(input, to: directory)
        lock.withLock { known[key] = path }
        return path
    }
}

enum ReportText {
    /// Findings most severe first, report order within a severity.
    static func ranked(_ findings: [Finding]) -> [Finding] {
        findings.enumerated().sorted { a, b in
            a.element.severity != b.element.severity ? a.element.severity > b.element.severity : a.offset < b.offset
        }.map(\.element)
    }

    static func describe(_ version: VersionEvidence) -> String {
        switch version {
        case .unknown: return "restic version unknown"
        case .inferred(let range, let line): return "restic \(range) inferred from line \(line)"
        case .banner(let v, let line): return "restic \(v) from the banner on line \(line)"
        case .path(let v, let line): return "restic \(v) from the binary path on line \(line)"
        case .wrapper(let v, let line): return "restic \(v) as the wrapper says on line \(line)"
        case .flag(let v): return "restic \(v) from --restic-version"
        }
    }

    /// `message.text` style: the title as the first sentence, then the diagnosis.
    static func titled(_ finding: Finding) -> String {
        sentence(finding.title) + " " + finding.message
    }

    static func sentence(_ text: String) -> String {
        let trimmed = ReportTrim.trimmed(text[...], .whitespacesAndNewlines)
        guard let last = trimmed.last else { return trimmed }
        return ".!?".contains(last) ? trimmed : trimmed + "."
    }

    /// At most `limit` characters, cut at a word boundary with an ellipsis.
    static func truncated(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        let head = text.prefix(limit - 1)
        let cut = head.lastIndex(where: { $0.isWhitespace }).map { head[..<$0] } ?? head
        return ReportTrim.trimmed(cut, .whitespacesAndNewlines) + "…"
    }

    /// An input's read error without the input's name in front (`path: reason` → `reason`).
    static func reason(_ input: InputSummary) -> String {
        guard let error = input.error else { return "unreadable" }
        return error.hasPrefix(input.name + ": ") ? String(error.dropFirst(input.name.count + 2)) : error
    }

    static func plural(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }

    /// Remediation steps of a rule at catalogue level (no run): placeholders that need a run are
    /// filled with what the rule knows, and version-specific steps say which versions they are for.
    static func ruleRemediation(_ definition: RuleDefinition) -> [String] {
        let fixed = definition.affected?.fix(above: nil)?.description ?? "a fixed release"
        return definition.remediation.map { step in
            var fields = ["fixed": fixed]
            fields["version"] = step.versions.map { "\($0)" } ?? "in use"
            let text = MessageTemplate.fillKnown(step.text, fields: fields)
            return step.versions.map { "For restic \($0): \(text)" } ?? text
        }
    }
}

/// GitHub-flavoured Markdown pieces shared by the Markdown report and the GitHub job summary.
enum Markdown {
    /// Text from rules and logs in running Markdown: HTML-significant characters become entities, so a
    /// log line can never inject markup; rule authors' `code spans` stay.
    static func text(_ s: String) -> String {
        HTML.escapedASCII(s) { byte, out in
            if !HTML.appendEntity(byte, to: &out) { out.append(byte) }
        } ?? textByCharacters(s)
    }

    static func textByCharacters(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A table cell: one line, pipes escaped.
    static func cell(_ s: String) -> String {
        s.replacingASCII("\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: true)
            .map { text(String($0)).replacingASCII("|", with: "\\|") }.joined(separator: "<br>")
    }

    /// An inline code span that survives backticks inside (and pipes, in tables).
    static func code(_ s: String, inTable: Bool = false) -> String {
        let flat = s.replacingASCII("\n", with: " ")
        let fence = String(repeating: "`", count: longestRun(of: "`", in: flat) + 1)
        let pad = flat.hasPrefix("`") || flat.hasSuffix("`") ? " " : ""
        let body = inTable ? flat.replacingASCII("|", with: "\\|") : flat
        return fence + pad + body + pad + fence
    }

    /// A fenced code block that survives backtick fences inside.
    static func codeBlock(_ s: String, info: String = "text") -> String {
        let fence = String(repeating: "`", count: max(3, longestRun(of: "`", in: s) + 1))
        return fence + info + "\n" + s + (s.hasSuffix("\n") ? "" : "\n") + fence + "\n"
    }

    static func longestRun(of character: Character, in s: String) -> Int {
        // On ASCII text every byte is a Character (CR LF aside, never a one-byte one): runs of bytes.
        var bytes = s
        if character.utf8.count == 1, let byte = character.utf8.first,
           let run = bytes.withUTF8({ utf8 -> Int? in
               guard isASCII(utf8) else { return nil }
               var longest = 0, current = 0
               for b in utf8 {
                   current = b == byte ? current + 1 : 0
                   longest = max(longest, current)
               }
               return longest
           }) {
            return run
        }
        var longest = 0, current = 0
        for c in s {
            current = c == character ? current + 1 : 0
            longest = max(longest, current)
        }
        return longest
    }

    /// The findings table: severity, rule, file:line, lock, diagnosis, fixed in. Rows stop before the
    /// text would exceed `byteLimit`, with a last line saying how many were left out.
    static func findingsTable(_ findings: [Finding], path: (Finding) -> String, diagnosis: (Finding) -> String,
                              byteLimit: Int = .max) -> String {
        var out = "| Severity | Rule | Location | Lock | Diagnosis | Fixed in |\n|---|---|---|---|---|---|\n"
        for (index, finding) in findings.enumerated() {
            let lock = finding.lock.map { code($0, inTable: true) } ?? ""
            let related = finding.relatedLocks.isEmpty ? ""
                : "<br>related: " + finding.relatedLocks.map { code($0, inTable: true) }.joined(separator: ", ")
            let row = "| \(finding.severity.rawValue) | \(code(finding.rule, inTable: true)) | "
                + "\(code("\(path(finding)):\(finding.line)", inTable: true)) | \(lock)\(related) | "
                + "\(cell(diagnosis(finding))) | \(finding.fixedIn.map { "restic \($0)" } ?? "") |\n"
            if out.utf8.count + row.utf8.count > byteLimit - 200 {
                out += "\n\(ReportText.plural(findings.count - index, "more finding")) left out of this table: see the SARIF or JSON report.\n"
                break
            }
            out += row
        }
        return out
    }
}

extension String {
    /// `replacingOccurrences(of:with:)` for ASCII `target` and `replacement`, on bytes when the text
    /// is ASCII too: Foundation's search goes through `NSString`, tens of thousands of instructions a
    /// call, and the Markdown report makes several per finding.
    func replacingASCII(_ target: StaticString, with replacement: StaticString) -> String {
        var text = self
        let replaced = text.withUTF8 { bytes -> String? in
            guard isASCII(bytes) else { return nil }
            return target.withUTF8Buffer { target in
                replacement.withUTF8Buffer { replacement in
                    var out: [UInt8] = []
                    out.reserveCapacity(bytes.count)
                    var i = 0
                    while i < bytes.count {
                        if i + target.count <= bytes.count, bytes[i..<(i + target.count)].elementsEqual(target) {
                            out.append(contentsOf: replacement)
                            i += target.count
                        } else {
                            out.append(bytes[i])
                            i += 1
                        }
                    }
                    return String(decoding: out, as: UTF8.self)
                }
            }
        }
        return replaced ?? replacingOccurrences(of: target.description, with: replacement.description)
    }

    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}

/// Foundation's `trimmingCharacters(in:)` for its two white-space sets. It bridges through `NSString`,
/// tens of thousands of instructions a call (a SARIF report's rule descriptions trim every line, and
/// every result trims its title); on ASCII text, which rules and restic's messages are, the same trim
/// is done on bytes. There the sets hold tab and space, and with newlines also U+000A to U+000D.
enum ReportTrim {
    case whitespaces
    case whitespacesAndNewlines

    static func trimmed(_ text: Substring, _ set: ReportTrim) -> String {
        let utf8 = text.utf8
        guard isASCII(utf8) else { return text.trimmingCharacters(in: set.characterSet) }
        guard let first = utf8.firstIndex(where: { !set.holds($0) }), let last = utf8.lastIndex(where: { !set.holds($0) })
        else { return "" }
        return String(text[first...last])
    }

    private func holds(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || (self == .whitespacesAndNewlines && (0x0A...0x0D).contains(byte))
    }

    private var characterSet: CharacterSet {
        switch self {
        case .whitespaces: return .whitespaces
        case .whitespacesAndNewlines: return .whitespacesAndNewlines
        }
    }
}
