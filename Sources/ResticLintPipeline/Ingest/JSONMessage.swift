import Foundation
import ResticFormats

/// restic's `--json` messages and JSON records of the tools that carry restic's text (docker's
/// json-file log `{"log":...,"time":...}`, `journalctl -o json`'s `MESSAGE` and `_PID`, structured
/// loggers' `msg`/`message`, wrappers' `{"message_type":"error","message":...}`): the human message
/// inside a JSON object on one line, so the same patterns classify it as plain text.
enum JSONMessage {
    static let maximumSize = 1 << 20

    struct Extracted {
        var message: String
        var prefix: LinePrefix
    }

    /// The message carried by the first JSON object in `text`, or nil when `text` holds none.
    /// Text before the object (a wrapper's prefix) is allowed.
    static func extract(from text: Substring) -> Extracted? {
        let utf8 = text.utf8
        guard utf8.last == UInt8(ascii: "}") || text.last?.isWhitespace == true,
              let open = utf8.indices.first(where: { utf8[$0] == UInt8(ascii: "{") && utf8.index(after: $0) < utf8.endIndex
                  && utf8[utf8.index(after: $0)] == UInt8(ascii: "\"") })
        else { return nil }
        let candidate = text[open...].trimmingCharacters(in: .whitespaces)
        guard candidate.hasSuffix("}"), candidate.utf8.count <= maximumSize,
              let object = try? JSONSerialization.jsonObject(with: Data(candidate.utf8)) as? [String: Any]
        else { return nil }
        return message(of: object).map { Extracted(message: $0, prefix: prefix(of: object)) }
    }

    /// The record's own time and process, for lines whose text carries none.
    private static func prefix(of object: [String: Any]) -> LinePrefix {
        var prefix = LinePrefix()
        if let micros = (object["__REALTIME_TIMESTAMP"] as? String).flatMap({ Int64($0) }) {
            prefix.timestamp = WallClock(seconds: micros / 1_000_000)
        } else if let time = (object["time"] ?? object["ts"] ?? object["timestamp"]) as? String {
            prefix.timestamp = WallClock.parseISO(time[...])
        }
        prefix.pid = (object["_PID"] as? String).flatMap { Int($0) }
        prefix.process = object["SYSLOG_IDENTIFIER"] as? String
        return prefix
    }

    private static func message(of object: [String: Any]) -> String? {
        if let version = object["version"] as? String, let go = object["go_version"] as? String {
            // `restic version --json`: say it as the text banner does.
            let platform = "\(object["go_os"] as? String ?? "?")/\(object["go_arch"] as? String ?? "?")"
            return "restic \(version) compiled with \(go) on \(platform)"
        }
        switch object["message_type"] as? String {
        case "exit_error":
            // The code goes on the first line so it stays with the head of a multi-line message.
            var lines = ((object["message"] as? String) ?? "exit error").split(separator: "\n", omittingEmptySubsequences: false)
            if let code = object["code"] as? Int { lines[0] += " (exit code \(code))" }
            return lines.joined(separator: "\n")
        case "error":
            // `backup --json` errors: {"message_type":"error","error":{"message":...},"during":...,"item":...}
            // Wrappers put the whole error in a top-level `message`, as restic prints it.
            if object["error"] == nil, let message = object["message"] as? String { return trimmed(message) }
            let error = (object["error"] as? [String: Any])?["message"] as? String ?? object["error"] as? String
            let item = (object["item"] as? String).map { " (\($0))" } ?? ""
            return "error: \(error ?? "unknown error")\(item)"
        case .some:
            return trimmed(object["message"] as? String ?? "")
        case nil:
            // A structured logger's `error` holds the cause, `msg` the wrapper's own words.
            let text = (object["error"] as? String)
                ?? (object["message"] ?? object["msg"] ?? object["MESSAGE"] ?? object["log"]) as? String
            return text.map(trimmed)
        }
    }

    /// docker's `log` and wrappers' messages keep the line's own newline.
    private static func trimmed(_ text: String) -> String {
        text.hasSuffix("\n") ? String(text.dropLast()) : text
    }
}
