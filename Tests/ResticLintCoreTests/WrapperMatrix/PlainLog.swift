import Foundation
@testable import ResticLintCore
@testable import ResticLockModel
import ResticFormats
@testable import ResticLintPipeline

/// A restic log as lines, with the wall-clock time each line was written: the time its own prefix
/// says (read by the ingest), carried forward to lines that have none. Renderers that stamp lines
/// print this time, so a wrapper's clock agrees with the log's own stamps, as it does in the field.
struct PlainLog {
    var lines: [String]
    var times: [Civil]
    /// Whether the log already shows the command it ran (a script's `+ restic ...`).
    var showsCommandLine = false

    /// The stamp of logs that carry none (and of lines before the first stamp in those that do).
    static let defaultTime = Civil(seconds: WallClock(year: 2024, month: 3, day: 2, hour: 4, minute: 0, second: 5)!.seconds)

    init(_ text: String) {
        var body = Substring(text)
        if body.hasSuffix("\n") { body = body.dropLast() }
        let separator: Character = body.contains("\n") || !body.contains("\r") ? "\n" : "\r"
        lines = body.split(separator: separator, omittingEmptySubsequences: false)
            .map { String($0.hasSuffix("\r") ? $0.dropLast() : $0) }
        let normalizer = LineNormalizer()
        let markers = RunMarkerClassifier()
        var showsCommandLine = false
        let stamps: [WallClock?] = lines.map { line in
            let parts = Array(line.utf8).withUnsafeBufferPointer { normalizer.normalize($0) }.parts
            for part in parts {
                if case .commandLine? = markers.classify(part.text) { showsCommandLine = true }
            }
            return parts.compactMap(\.prefix.timestamp).first.map { $0.hasYear ? $0 : $0.placed(inYear: 2024) }
        }
        self.showsCommandLine = showsCommandLine
        var current = stamps.compactMap { $0 }.first.map { Civil(seconds: $0.seconds) } ?? PlainLog.defaultTime
        times = stamps.map { stamp in
            if let stamp { current = Civil(seconds: stamp.seconds) }
            return current
        }
    }
}

/// A wrapped log and, for every plain line (0-based), the 1-based line of the wrapped text that holds it.
struct RenderedLog {
    var text: String
    var lineOf: [Int]
}

/// Calendar fields of a wall-clock time, for printing stamps.
struct Civil {
    var year, month, day, hour, minute, second: Int

    init(seconds: Int64) {
        let f = CivilTime.fields(unixNanos: seconds * 1_000_000_000)
        (year, month, day, hour, minute, second) = (f.year, f.month, f.day, f.hour, f.minute, f.second)
    }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    var date: String { "\(year)-\(two(month))-\(two(day))" }
    var clock: String { "\(two(hour)):\(two(minute)):\(two(second))" }
    /// `Mar 02 04:00:05` (journald, syslog, moreutils `ts`).
    var syslog: String { "\(Civil.monthNames[month - 1]) \(two(day)) \(clock)" }
    /// `2024-03-02T04:00:05`
    var iso: String { "\(date)T\(clock)" }
    /// klog's `0302 04:00:05`
    var klog: String { "\(two(month))\(two(day)) \(clock)" }
    var compact: String { "\(year)\(two(month))\(two(day))\(two(hour))\(two(minute))\(two(second))" }
}

/// String quoting as the wrapped tools write it.
enum Quoting {
    /// A JSON string; `goHTML` escapes `<`, `>` and `&` as Go's encoding/json does (docker's json-file).
    static func json(_ text: String, goHTML: Bool = false) -> String {
        let quoted = JSONValue.string(text).serialized(pretty: false)
        guard goHTML else { return quoted }
        return quoted.replacingOccurrences(of: "<", with: "\\u003c").replacingOccurrences(of: ">", with: "\\u003e")
            .replacingOccurrences(of: "&", with: "\\u0026")
    }

    /// Go's `strconv.Quote` (`%q`), as logrus and logr print values.
    static func go(_ text: String) -> String {
        "\"" + text.unicodeScalars.map { scalar -> String in
            switch scalar {
            case "\"", "\\": return "\\" + String(scalar)
            case "\n": return "\\n"
            case "\r": return "\\r"
            case "\t": return "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: return String(format: "\\x%02x", scalar.value)
            default: return String(scalar)
            }
        }.joined() + "\""
    }
}
