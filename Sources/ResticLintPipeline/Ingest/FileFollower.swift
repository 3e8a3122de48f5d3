import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--follow`: copies a log file into a socket the scanner reads as a live input, from the start and
/// then as it grows, like `tail -F`: when the path is renamed away and created again (logrotate) it
/// finishes the old file and continues with the new one; when the file shrinks (copytruncate) it
/// starts over at its beginning. It ends when `stopAll()` is called (the CLI does on SIGINT/SIGTERM).
final class FileFollower: Sendable {
    let readEnd: Int32
    private let writeEnd: Int32
    private let path: String
    /// How long to wait before looking again at a file that has not grown.
    static let pollInterval: useconds_t = 200_000

    private static let stopRequest = StopRequest()

    /// Ends every follower: each finishes what it has read and closes its socket, so the scan ends.
    static func stopAll() { stopRequest.request() }

    init(path: String, name: String) throws {
        let file = try InputSource.openFile(path, name: name)
        var ends: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0 else {
            closeDescriptor(file)
            throw ReadError(input: name, reason: "cannot follow: \(String(cString: strerror(errno)))")
        }
        readEnd = ends[0]
        writeEnd = ends[1]
        self.path = path
        let follower = self
        Thread.detachNewThread { follower.copy(from: file) }
    }

    func close() {
        FileFollower.stopRequest.request()
        closeDescriptor(readEnd)
    }

    private func copy(from initial: Int32) {
        var fd = initial
        var offset = 0
        let capacity = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 1)
        defer {
            buffer.deallocate()
            closeDescriptor(fd)
            closeDescriptor(writeEnd)
        }
        while !FileFollower.stopRequest.isRequested {
            let n = read(fd, buffer, capacity)
            if n > 0 {
                guard send(all: UnsafeRawBufferPointer(start: buffer, count: n)) else { return }
                offset += n
                continue
            }
            if n < 0 && errno == EINTR { continue }
            var current = stat(), named = stat()
            if fstat(fd, &current) == 0, stat(path, &named) == 0,
               current.st_ino != named.st_ino || current.st_dev != named.st_dev {
                // Rotated: the old file is read to its end; continue with the new one.
                if let next = try? InputSource.openFile(path, name: path) {
                    closeDescriptor(fd)
                    fd = next
                    offset = 0
                    continue
                }
            } else if Int(current.st_size) < offset {
                // Truncated in place: read again from the start.
                lseek(fd, 0, SEEK_SET)
                offset = 0
                continue
            }
            usleep(FileFollower.pollInterval)
        }
    }

    /// False when the reader has gone (the scan ended on an error).
    private func send(all bytes: UnsafeRawBufferPointer) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = Glibc.send(writeEnd, bytes.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            sent += n
        }
        return true
    }
}

/// Sendable because `requested` is read and written only while holding `lock`.
final class StopRequest: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false
    func request() { lock.withLock { requested = true } }
    var isRequested: Bool { lock.withLock { requested } }
}
