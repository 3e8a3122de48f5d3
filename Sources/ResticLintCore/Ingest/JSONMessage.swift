import Foundation

/// restic's `--json` messages (and JSON loggers that wrap restic's text): the human message inside
/// a JSON object on one line, so the same patterns classify it as plain text.
enum JSONMessage {
    static let maximumSize = 1 << 20

    /// The message carried by the first JSON object in `text`, or nil when `text` holds none.
    /// Text before the object (a wrapper's prefix) is allowed.
    static func extract(from text: Substring) -> String? {
        let utf8 = text.utf8
        guard utf8.last == UInt8(ascii: "}") || text.last?.isWhitespace == true,
              let open = utf8.indices.first(where: { utf8[$0] == UInt8(ascii: "{") && utf8.index(after: $0) < utf8.endIndex
                  && utf8[utf8.index(after: $0)] == UInt8(ascii: "\"") })
        else { return nil }
        let candidate = text[open...].trimmingCharacters(in: .whitespaces)
        guard candidate.hasSuffix("}"), candidate.utf8.count <= maximumSize,
              let object = try? JSONSerialization.jsonObject(with: Data(candidate.utf8)) as? [String: Any]
        else { return nil }
        return message(of: object)
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
            let error = (object["error"] as? [String: Any])?["message"] as? String ?? object["error"] as? String
            let item = (object["item"] as? String).map { " (\($0))" } ?? ""
            return "error: \(error ?? "unknown error")\(item)"
        case .some:
            return object["message"] as? String ?? ""
        case nil:
            return (object["message"] ?? object["msg"] ?? object["MESSAGE"]) as? String
        }
    }
}
