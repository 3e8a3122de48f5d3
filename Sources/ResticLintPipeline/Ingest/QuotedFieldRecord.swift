import Foundation
import ResticFormats

/// restic's text inside a key-value log record: logrus/logfmt (`time="..." level=error msg="..."
/// error="... stderr=unable to create lock ...\nlock was created at ..."`, as Velero logs a failed
/// restic command) and logr (`"msg"="..." "error"="..."`, as k8up 1.x logs each restic line). The
/// values are Go-quoted, so restic's lines are joined by `\n` escapes inside one physical line.
enum QuotedFieldRecord {
    /// Fields that can carry restic's words, most specific first: a command's captured stream, then
    /// the error (logr's `Error(err, msg)`: `msg` is the wrapper's own words), then the message.
    private static let textKeys: [Set<Substring>] = [["stderr", "stdout", "output"], ["error", "err"], ["msg", "message"]]
    private static let timeKeys: Set<Substring> = ["time", "ts", "timestamp"]

    struct Extracted {
        var lines: [String]
        var timestamp: WallClock?
    }

    /// The restic lines of a record, or nil when `text` is not a record with a quoted text field.
    static func extract(from text: Substring) -> Extracted? {
        guard text.containsByte(UInt8(ascii: "=")), text.contains("=\"") else { return nil }
        var values: [(rank: Int, text: String)] = []
        var timestamp: WallClock?
        var rest = text[...]
        while let equals = rest.firstIndex(of: "=") {
            let key = keyBefore(equals, in: rest)
            let afterEquals = rest[rest.index(after: equals)...]
            guard afterEquals.first == "\"", let (value, end) = unquote(afterEquals) else {
                // go-kit writes `ts=2024-06-03T01:00:01.774Z` unquoted.
                if timeKeys.contains(key), timestamp == nil { timestamp = WallClock.parseISO(afterEquals) }
                rest = afterEquals
                continue
            }
            if let rank = textKeys.firstIndex(where: { $0.contains(key) }) {
                values.append((streamText(value) == nil ? rank : 0, value))
            } else if timeKeys.contains(key), timestamp == nil {
                timestamp = WallClock.parseISO(value[...])
            }
            rest = afterEquals[end...]
        }
        // Only the most specific fields are restic's words; the record's other text
        // (`msg="Error backing up item"`) is the wrapper's, and so is Go's error chain after a
        // quoted stream (`stderr=...: exit status 1`).
        guard let best = values.map(\.rank).min() else { return nil }
        let chosen = values.filter { $0.rank == best }.map { streamText($0.text).map(String.init) ?? $0.text }
        var lines = chosen.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        if best == 0, lines.count > 1, lines.last?.hasPrefix(": ") == true { lines.removeLast() }
        guard !lines.isEmpty else { return nil }
        if lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }
        return Extracted(lines: lines, timestamp: timestamp)
    }

    /// Velero wraps restic's stderr as `error running command, stderr=<stderr>: exit status 1`.
    private static func streamText(_ value: String) -> Substring? {
        for label in ["stderr=", "stdout="] {
            if let range = value.range(of: label) { return value[range.upperBound...] }
        }
        return nil
    }

    /// `msg` in `msg=` and in logr's `"msg"=`.
    private static func keyBefore(_ equals: Substring.Index, in text: Substring) -> Substring {
        var key = text[..<equals]
        if key.last == "\"" { key = key.dropLast() }
        let start = key.lastIndex { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-") }
        return start.map { key[key.index(after: $0)...] } ?? key
    }

    /// Decodes a Go-quoted string (`strconv.Quote`, `%q`) starting at `text`'s opening quote; returns
    /// the value and the index after the closing quote, or nil when the quote never closes.
    static func unquote(_ text: Substring) -> (String, Substring.Index)? {
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.dropFirst()
        while let c = scalars.first {
            scalars = scalars.dropFirst()
            if c == "\"" { return (String(out), scalars.startIndex) }
            guard c == "\\", let escape = scalars.first else { out.append(c); continue }
            scalars = scalars.dropFirst()
            switch escape {
            case "n": out.append("\n")
            case "t": out.append("\t")
            case "r": out.append("\r")
            case "x", "u", "U":
                let width = escape == "x" ? 2 : escape == "u" ? 4 : 8
                let digits = String(String.UnicodeScalarView(scalars.prefix(width)))
                guard digits.count == width, let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) else {
                    out.append(escape)
                    continue
                }
                out.append(scalar)
                scalars = scalars.dropFirst(width)
            default: out.append(escape)
            }
        }
        return nil
    }
}
