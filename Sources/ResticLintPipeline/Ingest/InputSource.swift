#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A log to analyse: a file, a file followed as it grows, or standard input, under a name the reports use.
public struct InputSource: Sendable, Hashable {
    public enum Origin: Sendable, Hashable {
        case file(String)
        /// `--follow`: read the file, then wait for more, across rotation, like `tail -F`.
        case follow(String)
        case standardInput
    }

    public var name: String
    public var origin: Origin

    public init(name: String, origin: Origin) {
        self.name = name
        self.origin = origin
    }

    public static func file(_ path: String) -> InputSource { InputSource(name: path, origin: .file(path)) }
    public static func follow(_ path: String) -> InputSource { InputSource(name: path, origin: .follow(path)) }
    public static func standardInput(named name: String = "<stdin>") -> InputSource { InputSource(name: name, origin: .standardInput) }

    /// Whether the input may pause without ending: a pipe or terminal, a FIFO, a followed file. Its
    /// findings are best shown as its runs close.
    public var mayStayOpen: Bool {
        switch origin {
        case .follow: return true
        case .standardInput: return !InputSource.isRegularFile(0)
        case .file(let path):
            var info = stat()
            return stat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG
        }
    }

    /// Ends every `--follow` input: each reads what its file holds, then ends, so the analysis finishes.
    public static func stopFollowing() { FileFollower.stopAll() }

    /// An input open for reading.
    package struct Opened {
        package var fd: Int32
        /// A pipe, terminal or followed file: input may pause for a long time without ending.
        package var isLive: Bool
        package var close: () -> Void
    }

    package func open() throws -> Opened {
        switch origin {
        case .standardInput:
            return Opened(fd: 0, isLive: !InputSource.isRegularFile(0), close: {})
        case .file(let path):
            let fd = try InputSource.openFile(path, name: name)
            return Opened(fd: fd, isLive: !InputSource.isRegularFile(fd), close: { closeDescriptor(fd) })
        case .follow(let path):
            let follower = try FileFollower(path: path, name: name)
            return Opened(fd: follower.readEnd, isLive: true, close: { follower.close() })
        }
    }

    static func openFile(_ path: String, name: String) throws -> Int32 {
        let fd = openReadOnly(path)
        guard fd >= 0 else { throw ReadError(input: name, reason: String(cString: strerror(errno))) }
        var info = stat()
        if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            closeDescriptor(fd)
            throw ReadError(input: name, reason: "is a directory")
        }
        return fd
    }

    static func isRegularFile(_ fd: Int32) -> Bool {
        var info = stat()
        return fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }
}

func closeDescriptor(_ fd: Int32) { _ = close(fd) }
private func openReadOnly(_ path: String) -> Int32 { open(path, O_RDONLY | O_CLOEXEC) }
