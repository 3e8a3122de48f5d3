import Testing
@testable import ResticLintCore

/// Lines rejected on their bytes (never decoded) must be exactly those the full path would find
/// nothing in: listed paths and `--json` progress lines full of rule words give nothing, while a
/// progress line that does not decode, or that carries a message, is still classified.
@Suite struct ByteRejectTests {
    @Test func rejectsOnlyLinesNothingMatches() {
        let report = TestSupport.analyze("""
            restic 0.17.1 compiled with go1.23.0 on linux/amd64
            unchanged /var/log/nginx/error.log
            new       /home/alice/failed-uploads/Fatal-crash.dmp, saved in 0.010s (2.000 KiB added)
            {"message_type":"status","percent_done":0.5,"current_files":["/srv/error.log"]}
            {"message_type":"verbose_status","action":"new","item":"/x/failed.txt","duration":0.1}
            {"message_type":"status","percent_done":0.5, error: upload failed}
            {"message_type":"verbose_status","action":"new","item":"/x/failed.txt","message":"Fatal: upload failed"}
            """)
        #expect(report.stats.lines == 7)
        #expect(report.stats.classified == 3)
        #expect(report.findings.map(\.rule) == ["unclassified-error"])
        #expect(report.findings.first?.lines == [6, 7])
    }

    /// While a lock block is pending every line takes the full path: a listing line with a rule word
    /// between the block's head and its continuation ends the block, as it always did; the orphaned
    /// `lock was created at` line is then classified as the tail of a block whose head was cut off.
    @Test func pendingBlockSeesEveryLine() {
        let report = TestSupport.analyze("""
            restic 0.17.1 compiled with go1.23.0 on linux/amd64
            unable to create lock in backend: repository is already locked by PID 7 on nas by root (UID 0, GID 0)
            unchanged /var/log/error.log
            lock was created at 2024-01-01 02:00:00 (5m0s ago)
            """)
        #expect(report.stats.classified == 3)
        #expect(report.findings.map(\.rule) == ["repo-locked"])
        #expect(report.findings.first?.lines == [2])
    }

    /// The word-at-a-time check sees an escape, a non-ASCII byte, a brace or a `\r` (a redraw, unless it
    /// ends the line) wherever it sits.
    @Test func plainMessageSeesEverySpecialByte() {
        let normalizer = LineNormalizer()
        for length in 1...24 {
            let plain = [UInt8](repeating: UInt8(ascii: "x"), count: length)
            #expect(plain.withUnsafeBufferPointer { normalizer.plainMessage($0) }?.count == length)
            for position in 0..<length {
                for special: UInt8 in [0x1B, 0xC3, 0x80, 0xFF, UInt8(ascii: "{")] {
                    var line = plain
                    line[position] = special
                    #expect(line.withUnsafeBufferPointer { normalizer.plainMessage($0) } == nil, "\(length) \(position) \(special)")
                }
                var redrawn = plain + [UInt8(ascii: "y")]
                redrawn[position] = 0x0D
                #expect(redrawn.withUnsafeBufferPointer { normalizer.plainMessage($0) } == nil, "\(length) \(position) CR")
            }
        }
    }

    /// A quoted field (`key="value"`) anywhere takes the full path, which opens the record; a quote
    /// without `=` before it does not. `specialBytes` sees the quote in each of its loops (sixteen
    /// bytes, words, the overlapping last word, single bytes).
    @Test func plainMessageSeesEveryQuotedField() {
        let normalizer = LineNormalizer()
        for length in 2...40 {
            let plain = [UInt8](repeating: UInt8(ascii: "x"), count: length)
            for position in 0..<length - 1 {
                var field = plain
                field[position] = UInt8(ascii: "=")
                field[position + 1] = UInt8(ascii: "\"")
                #expect(field.withUnsafeBufferPointer { normalizer.plainMessage($0) } == nil, "\(length) \(position)")
                var quote = plain
                quote[position + 1] = UInt8(ascii: "\"")
                #expect(quote.withUnsafeBufferPointer { normalizer.plainMessage($0) }?.count == length, "\(length) \(position) quote")
            }
        }
    }
}
