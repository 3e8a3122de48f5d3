import ResticFormats

/// What one wrapper prefix carried, kept as the line's byte ranges rather than Strings: the
/// offset-only reading (`WrapperPrefixParser.messageOffset`) runs on every candidate line and makes
/// no process name a String, yet a line that turns out to be an event needs the described
/// `LinePrefix`, and reading its prefixes a second time cost ~1,450 instructions an event (a third of
/// normalizing an event line). `FirstPrefixMemo` keeps one for the first prefix it remembers.
struct PrefixReading {
    var timestamp: WallClock?
    /// The process (or container) name and PID, as ranges of the line.
    var process: Range<Int>?
    var pid: Range<Int>?

    /// The described prefix, as `WrapperPrefixParser.strip` gives it for a line with this one
    /// prefix; nil when the PID is not ASCII digits (`CommonPrefix` reads only those), never here.
    func describe(_ line: UnsafeBufferPointer<UInt8>) -> LinePrefix? {
        var described = LinePrefix(timestamp: timestamp)
        if let process { described.process = String(decoding: UnsafeBufferPointer(rebasing: line[process]), as: UTF8.self) }
        if let pid {
            guard let number = PrefixReading.decimal(UnsafeBufferPointer(rebasing: line[pid])) else { return nil }
            described.pid = number
        }
        return described
    }

    /// ASCII digits as a number, as `Int(_:)` reads them (the prefix allows at most ten); nil for
    /// any other byte.
    private static func decimal(_ digits: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        var value = 0
        for byte in digits {
            guard byte &- UInt8(ascii: "0") < 10 else { return nil }
            value = value * 10 + Int(byte &- UInt8(ascii: "0"))
        }
        return value
    }
}
