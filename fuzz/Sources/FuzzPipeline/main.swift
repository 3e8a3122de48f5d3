import Foundation
import ResticLintCore

/// The shipped catalogue, loaded once per fuzzing process.
private let analyzer: Analyzer = {
    let rules = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("rules").path
    do { return Analyzer(catalog: try RuleCatalog.load(from: [rules])) } catch { fatalError("rules do not load: \(error)") }
}()

/// libFuzzer's entry point: one input through the whole pipeline, then the invariants every report
/// keeps. A crash, a trap, or a broken invariant (reported by `fatalError`) is a finding for libFuzzer.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPipeline(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let text = String(decoding: bytes, as: UTF8.self)
    let report = analyzer.analyze(text: text)
    let lines = expectedLineCount(text)
    guard report.inputs.first?.lines == lines else {
        fatalError("line count \(report.inputs.first?.lines ?? -1) for an input of \(lines) lines")
    }
    for finding in report.findings where !(1...max(lines, 1)).contains(finding.line) {
        fatalError("finding \(finding.rule) at line \(finding.line) outside 1...\(lines)")
    }
    return 0
}

/// Lines as the ingest counts them: separated by LF, or by CR alone in a file without LF.
private func expectedLineCount(_ text: String) -> Int {
    let bytes = Array(text.utf8)
    if bytes.isEmpty { return 0 }
    let separator: UInt8 = !bytes.contains(0x0A) && bytes.contains(0x0D) ? 0x0D : 0x0A
    let separators = bytes.reduce(0) { $0 + ($1 == separator ? 1 : 0) }
    return separators + (bytes.last == separator ? 0 : 1)
}
