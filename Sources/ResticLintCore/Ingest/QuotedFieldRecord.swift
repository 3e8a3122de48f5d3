import Foundation

/// restic's text inside a key-value log record: logrus/logfmt (`time="..." level=error msg="..."
/// error="... stderr=unable to create lock ...\nlock was created at ..."`, as Velero logs a failed
/// restic command) and logr (`"msg"="..." "error"="..."`, as k8up 1.x logs each restic line). The
/// values are Go-quoted, so restic's lines are joined by `\n` escapes inside one physical line.
enum QuotedFieldRecord {
    /// Fields that can carry restic's words, in the order the record has them.
    private static let textKeys: Set<Substring> = ["msg", "message", "error", "err", "stderr", "stdout", "output"]
    private static let timeKeys: Set<Substring> = ["time", "ts", "timestamp"]

    struct Extracted {
        var lines: [String]
        var timestamp: WallClock?
    }

    /// The restic lines of a record, or nil when `text` is not a record with a quoted text field.
    static func extract(from text: Substring) -> Extracted? {
        guard text.utf8.contains(UInt8(ascii: "=")), text.contains("=\"") else { return nil }
        var values: [String] = []
        var timestamp: WallClock?
        var rest = text[...]
        while let equals = rest.firstIndex(of: "=") {
            let key = keyBefore(equals, in: rest)
            let afterEquals = rest[rest.index(after: equals)...]
            guard afterEquals.first == "\"", let (value, end) = unquote(afterEquals) else {
                rest = afterEquals
                continue
            }
            if textKeys.contains(key) {
                values.append(value)
            } else if timeKeys.contains(key), timestamp == nil {
                timestamp = WallClock.parseISO(value[...])
            }
            rest = afterEquals[end...]
        }
        // A field that quotes a command's stream holds restic's own words; the record's other text
        // (`msg="Error backing up item"`) and Go's error chain after the stream (`: exit status 1`)
        // are the wrapper's.
        let streams: [String] = values.compactMap { streamText($0).map(String.init) }
        var lines = (streams.isEmpty ? values : streams).flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        if !streams.isEmpty, lines.count > 1, lines.last?.hasPrefix(": ") == true { lines.removeLast() }
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
