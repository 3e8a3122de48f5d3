import ResticFormats
/// How each log line of a process is prefixed.
public enum TimestampStyle: String, Sendable, Codable, CaseIterable {
    /// restic's own output: no prefix.
    case none
    /// `2024-08-21T02:00:01Z `, as a wrapper script or journald export would add.
    case iso
}

/// The combined stdout and stderr of one restic process, as a `2>&1` log file holds them.
/// Text without a final newline stays open and joins the next output, as it does in a real
/// log: restic's "error while unlocking: %v" has no newline.
final class ProcessLog {
    let clock: VirtualClock
    let style: TimestampStyle
    /// Verbosef output (stdout) is dropped with `--quiet`; Warnf and errors are not.
    let quiet: Bool
    private(set) var lines: [String] = []
    private var openLine: String?

    init(clock: VirtualClock, style: TimestampStyle = .none, quiet: Bool = false) {
        self.clock = clock
        self.style = style
        self.quiet = quiet
    }

    /// Verbosef: progress messages on stdout.
    func verbose(_ line: String) {
        if !quiet { write(line + "\n") }
    }

    /// Warnf, or any stderr line that ends in a newline.
    func warn(_ line: String) { write(line + "\n") }

    /// Raw output, newlines included where restic prints them.
    func write(_ text: String) {
        var rest = Substring(text)
        while let newline = rest.firstIndex(of: "\n") {
            append(rest[..<newline])
            finishLine()
            rest = rest[rest.index(after: newline)...]
        }
        if !rest.isEmpty { append(rest) }
    }

    /// Ends an open line at process exit.
    func close() { if openLine != nil { finishLine() } }

    private func append(_ piece: Substring) {
        if openLine == nil { openLine = prefix() }
        openLine! += piece
    }

    private func finishLine() {
        lines.append(openLine ?? prefix())
        openLine = nil
    }

    private func prefix() -> String {
        switch style {
        case .none: return ""
        case .iso: return CivilTime.isoSeconds(unixNanos: clock.unixNanos) + " "
        }
    }
}
