import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Replaces a report file at once: readers such as node_exporter's textfile collector see the old file
/// or the new one, never a half-written one. The text goes to a hidden temporary file in the same
/// folder (a rename never crosses file systems), is flushed to disk, and is renamed over the target.
enum AtomicFile {
    /// Returns false with `errno` set when the file could not be written; the old file is then untouched.
    static func write(_ text: String, to path: String) -> Bool {
        var target = path
        var status = stat()
        if lstat(path, &status) == 0 {
            if (status.st_mode & S_IFMT) == S_IFLNK, let resolved = realpath(path, nil) {
                target = String(cString: resolved)
                free(resolved)
                guard stat(target, &status) == 0 else { return writeInPlace(text, to: path) }
            }
            // A terminal, a pipe or /dev/stdout is written, never replaced.
            if (status.st_mode & S_IFMT) != S_IFREG { return writeInPlace(text, to: path) }
        }
        let folder = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        // Hidden and without the target's extension, so the collector's `*.prom` glob skips it.
        var template = Array(((folder.isEmpty ? "." : folder) + "/.\(name).tmp-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { return false }
        let temporary = String(cString: template)
        let mask = umask(0)
        umask(mask)
        let written = fchmod(descriptor, 0o666 & ~mask) == 0 && writeAll(text, to: descriptor) && fsync(descriptor) == 0
        let savedErrno = errno
        close(descriptor)
        guard written, rename(temporary, target) == 0 else {
            let failure = written ? errno : savedErrno
            unlink(temporary)
            errno = failure
            return false
        }
        return true
    }

    private static func writeAll(_ text: String, to descriptor: Int32) -> Bool {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return false
            }
            bytes = bytes.dropFirst(count)
        }
        return true
    }

    private static func writeInPlace(_ text: String, to path: String) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o666)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return writeAll(text, to: descriptor)
    }
}
