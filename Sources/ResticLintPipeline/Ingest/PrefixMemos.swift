#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ResticFormats

/// The first wrapper prefix of the last line, as its bytes and the test its reading made on the
/// byte after: consecutive lines of one wrapper mostly share it to the second (`Apr 01 02:55:04 pve
/// restic[50507]: `), and comparing a few words costs far less than reading the prefix again (the
/// prefix test, the shape's reading, the stamp memo), a third of a listing line's path.
/// Only prefixes `CommonPrefix` read are remembered: its reading depends on those bytes and that test
/// alone, and the byte test before it (`mayStart`) on fewer bytes.
final class FirstPrefixMemo {
    private static let capacity = 64
    private let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: FirstPrefixMemo.capacity)
    /// The prefix's end, which is the remembered bytes' count (0: none), and the test after it.
    private let endPointer = UnsafeMutablePointer<Int>.allocate(capacity: 1)
    private let after = UnsafeMutablePointer<CommonPrefix.After>.allocate(capacity: 1)
    /// What the prefix carried; its ranges hold for any line that starts with the same bytes.
    private let readingPointer = UnsafeMutablePointer<PrefixReading>.allocate(capacity: 1)
    /// The reading described, made when an event line first asks (a storm's events share a
    /// prefix), and whether it is made: not an optional, whose copy cost ~130 instructions an event.
    private let described = UnsafeMutablePointer<LinePrefix>.allocate(capacity: 1)
    private let isDescribed = UnsafeMutablePointer<Bool>.allocate(capacity: 1)

    init() {
        endPointer.initialize(to: 0)
        after.initialize(to: .unread)
        readingPointer.initialize(to: PrefixReading())
        described.initialize(to: LinePrefix())
        isDescribed.initialize(to: false)
    }

    deinit {
        bytes.deallocate()
        endPointer.deallocate()
        after.deallocate()
        readingPointer.deinitialize(count: 1)
        readingPointer.deallocate()
        described.deinitialize(count: 1)
        described.deallocate()
        isDescribed.deallocate()
    }

    /// The remembered prefix's end (0: none).
    var end: Int { endPointer.pointee }

    /// What the remembered prefix carried, described as `WrapperPrefixParser.strip` does; `line`
    /// starts with the remembered bytes.
    func describe(_ line: UnsafeBufferPointer<UInt8>) -> LinePrefix? {
        if isDescribed.pointee { return described.pointee }
        guard let made = readingPointer.pointee.describe(line) else { return nil }
        described.pointee = made
        isDescribed.pointee = true
        return made
    }

    /// Where the first prefix of `line` ends, when `line` starts with the remembered bytes and its
    /// next byte passes the remembered test.
    @inline(__always)
    func end(of line: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = endPointer.pointee
        guard count >= 8, line.count >= count, let base = line.baseAddress else { return nil }
        // Eight bytes at a time, the last word overlapping the one before.
        var i = 0
        while i + 8 < count {
            guard UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) == UnsafeRawPointer(bytes + i).loadUnaligned(as: UInt64.self)
            else { return nil }
            i += 8
        }
        let last = count - 8
        guard UnsafeRawPointer(base + last).loadUnaligned(as: UInt64.self) == UnsafeRawPointer(bytes + last).loadUnaligned(as: UInt64.self),
              after.pointee.admits(line, at: count) else { return nil }
        return count
    }

    /// Remembers `prefix`, read at the start of `line` and peeled, its stamp parsed to `timestamp`.
    func remember(_ prefix: CommonPrefix, of line: UnsafeBufferPointer<UInt8>, timestamp: WallClock?) {
        guard let base = line.baseAddress, prefix.start == 0, prefix.end <= FirstPrefixMemo.capacity else { return }
        bytes.update(from: base, count: prefix.end)
        endPointer.pointee = prefix.end
        after.pointee = prefix.after
        isDescribed.pointee = false
        readingPointer.pointee = PrefixReading(timestamp: timestamp, process: prefix.process ?? prefix.container, pid: prefix.pid)
    }
}

/// The last time stamp's bytes and what they parsed to: consecutive lines mostly share a second, and
/// parsing (month names, splitting the time, an array per ISO stamp) cost more than the match.
/// A class whose state sits behind pointers allocated once: a stored struct with an array, mutated
/// through the parser, cost an exclusivity check and an array access per line.
final class StampMemo {
    /// Longer stamps (non-ASCII month names) are parsed each time.
    private static let capacity = 32
    private let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: StampMemo.capacity)
    /// The remembered stamp's length (0: none) and time.
    private let count = UnsafeMutablePointer<Int>.allocate(capacity: 1)
    private let time = UnsafeMutablePointer<WallClock?>.allocate(capacity: 1)

    init() {
        count.initialize(to: 0)
        time.initialize(to: nil)
    }

    deinit {
        bytes.deallocate()
        count.deallocate()
        time.deallocate()
    }

    func time(of stamp: UnsafeBufferPointer<UInt8>, parse: () -> WallClock?) -> WallClock? {
        guard let base = stamp.baseAddress, stamp.count > 0, stamp.count <= StampMemo.capacity else { return parse() }
        if stamp.count == count.pointee, memcmp(bytes, base, stamp.count) == 0 { return time.pointee }
        time.pointee = parse()
        bytes.update(from: base, count: stamp.count)
        count.pointee = stamp.count
        return time.pointee
    }
}

