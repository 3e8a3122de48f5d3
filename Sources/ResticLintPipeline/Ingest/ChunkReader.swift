#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ResticLintMatching

/// What the reader hands on: whole lines, or the head of a line too long to keep.
package enum Chunk {
    /// One or more complete lines, each ending in the separator (the last may lack it at end of input).
    case lines(UnsafeBufferPointer<UInt8>)
    /// The first `capacity` bytes of a line longer than the buffer; the rest of that line is skipped
    /// so memory stays bounded whatever the input.
    case overlongLineHead(UnsafeBufferPointer<UInt8>)
}

public struct ReadError: Error, CustomStringConvertible, Sendable {
    public var input: String
    public var reason: String
    public var description: String { "\(input): \(reason)" }
}

/// Streams a file descriptor in large reads and hands out chunks that end on a line boundary.
/// Memory is the buffer, whatever the input size.
package final class ChunkReader {
    private let fd: Int32
    private let name: String
    private let capacity: Int
    private let buffer: UnsafeMutablePointer<UInt8>
    /// `\n`, or `\r` for inputs that use classic-Mac line ends only (decided on the first read).
    package private(set) var separator: UInt8 = 0x0A
    package private(set) var bytesRead = 0
    /// For a pipe that may stay open: every `milliseconds` without data, `onIdle` gets the silence so far.
    package var idleTick: (milliseconds: Int32, onIdle: (Int) -> Void)?

    package init(fd: Int32, name: String, capacity: Int = 1 << 22) {
        self.fd = fd
        self.name = name
        self.capacity = capacity
        buffer = .allocate(capacity: capacity)
    }

    deinit { buffer.deallocate() }

    package func forEachChunk(_ body: (Chunk) throws -> Void) throws {
        var filled = 0
        var skippingOverlong = false
        var decidedSeparator = false
        while true {
            if let idleTick { waitForData(idleTick) }
            let n = read(fd, buffer + filled, capacity - filled)
            if n < 0 {
                if errno == EINTR { continue }
                throw ReadError(input: name, reason: String(cString: strerror(errno)))
            }
            bytesRead += n
            let atEnd = n == 0
            var start = 0
            filled += n
            if !decidedSeparator && (filled > 0 || atEnd) {
                // A pipe hands out what was written so far, which may end between `\r` and `\n`: decide
                // once a line feed is seen, the buffer is full, or the input ends.
                let hasLineFeed = memchr(buffer, 0x0A, filled) != nil
                guard hasLineFeed || atEnd || filled == capacity else { continue }
                decidedSeparator = true
                let window = UnsafeBufferPointer(start: buffer, count: filled)
                if !hasLineFeed && window.contains(0x0D) { separator = 0x0D }
            }
            if skippingOverlong {
                guard let sep = memchr(buffer, Int32(separator), filled) else {
                    filled = 0
                    if atEnd { return }
                    continue
                }
                start = UnsafeMutablePointer(sep.assumingMemoryBound(to: UInt8.self)) - buffer + 1
                skippingOverlong = false
            }
            let pending = filled - start
            if atEnd {
                if pending > 0 { try body(.lines(UnsafeBufferPointer(start: buffer + start, count: pending))) }
                return
            }
            if let last = lastOffset(of: separator, in: buffer + start, count: pending) {
                let end = start + last + 1
                try body(.lines(UnsafeBufferPointer(start: buffer + start, count: end - start)))
                start = end
            } else if start == 0 && filled == capacity {
                try body(.overlongLineHead(UnsafeBufferPointer(start: buffer, count: capacity)))
                skippingOverlong = true
                filled = 0
                continue
            }
            let remainder = filled - start
            if start > 0 && remainder > 0 { memmove(buffer, buffer + start, remainder) }
            filled = remainder
        }
    }
}

extension ChunkReader {
    private func waitForData(_ tick: (milliseconds: Int32, onIdle: (Int) -> Void)) {
        var request = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        var quiet = 0
        while poll(&request, 1, tick.milliseconds) == 0 {
            quiet += Int(tick.milliseconds)
            tick.onIdle(quiet)
        }
    }
}
