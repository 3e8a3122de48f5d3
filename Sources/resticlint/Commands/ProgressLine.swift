import Foundation
import ResticLintCore
#if canImport(Glibc)
import Glibc
#endif

/// One line on a terminal's stderr, redrawn a few times a second once reading takes longer than a
/// second: bytes read, speed, runs closed and findings so far. Never drawn when stderr is not a terminal.
/// Sendable because every mutable property is read and written only while holding `lock`.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let started = Date()
    private var inputs: [String: InputProgress] = [:]
    private var lastDrawn = 0.0
    private var visible = false

    func update(_ progress: InputProgress) {
        lock.withLock {
            inputs[progress.input] = progress
            let elapsed = Date().timeIntervalSince(started)
            guard elapsed >= 1, elapsed - lastDrawn >= 0.25 else { return }
            lastDrawn = elapsed
            let megabytes = Double(inputs.values.reduce(0) { $0 + $1.bytes }) / 1_000_000
            let runs = inputs.values.reduce(0) { $0 + $1.runs }
            let findings = inputs.values.reduce(0) { $0 + $1.findings }
            let name = inputs.count == 1 ? progress.input : "\(inputs.count) inputs"
            draw(String(format: "\r\u{1B}[Kresticlint: %@: %.1f MB, %.1f MB/s, %d runs, %d findings",
                        name, megabytes, megabytes / elapsed, runs, findings))
            visible = true
        }
    }

    /// Removes the line, before a report writes to the same terminal and at the end.
    func clear() {
        lock.withLock {
            guard visible else { return }
            draw("\r\u{1B}[K")
            visible = false
        }
    }

    private func draw(_ text: String) {
        _ = text.withCString { write(2, $0, strlen($0)) }
    }
}
