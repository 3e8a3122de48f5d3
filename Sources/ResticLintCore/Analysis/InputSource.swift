#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A log to analyse: a file, or standard input under a name the reports use.
public struct InputSource: Sendable, Hashable {
    public enum Origin: Sendable, Hashable {
        case file(String)
        case standardInput
    }

    public var name: String
    public var origin: Origin

    public init(name: String, origin: Origin) {
        self.name = name
        self.origin = origin
    }

    public static func file(_ path: String) -> InputSource { InputSource(name: path, origin: .file(path)) }
    public static func standardInput(named name: String = "<stdin>") -> InputSource { InputSource(name: name, origin: .standardInput) }

    /// Opens the input for reading; the caller closes file descriptors other than 0.
    func openDescriptor() throws -> Int32 {
        switch origin {
        case .standardInput:
            return 0
        case .file(let path):
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw ReadError(input: name, reason: String(cString: strerror(errno))) }
            var info = stat()
            if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
                close(fd)
                throw ReadError(input: name, reason: "is a directory")
            }
            return fd
        }
    }
}
