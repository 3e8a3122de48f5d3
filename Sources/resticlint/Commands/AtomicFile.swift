import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Replaces a report file at once: readers such as node_exporter's textfile collector or a CI upload
/// see the old file or the new one, never a half-written one. The report is written, as it streams,
/// to a hidden temporary file in the target's folder (a rename never crosses file systems), flushed to
/// disk, and renamed over the target when it is complete. A terminal, a pipe or `/dev/stdout` is
/// written in place, never replaced.
final class AtomicFile {
    let file: UnsafeMutablePointer<FILE>
    /// Nil when the target is written in place.
    private let temporary: String?
    private let target: String

    /// Nil with `errno` set when the file cannot be opened.
    init?(path: String) {
        var target = path
        var status = stat()
        var inPlace = false
        if lstat(path, &status) == 0 {
            if (status.st_mode & S_IFMT) == S_IFLNK, let resolved = realpath(path, nil) {
                target = String(cString: resolved)
                free(resolved)
                inPlace = stat(target, &status) != 0
            }
            inPlace = inPlace || (status.st_mode & S_IFMT) != S_IFREG
        }
        self.target = target
        if inPlace {
            guard let opened = fopen(path, "w") else { return nil }
            file = opened
            temporary = nil
            return
        }
        let folder = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        // Hidden and without the target's extension, so a collector's `*.prom` glob skips it.
        var template = Array(((folder.isEmpty ? "." : folder) + "/.\(name).tmp-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { return nil }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // mkstemp creates the file private (0600); the report gets the mode `fopen` would give it, so a
        // collector running as another user can read it.
        let mask = umask(0)
        umask(mask)
        guard fchmod(descriptor, 0o666 & ~mask) == 0, let opened = fdopen(descriptor, "w") else {
            let failure = errno
            close(descriptor)
            unlink(temporary)
            errno = failure
            return nil
        }
        file = opened
        self.temporary = temporary
    }

    /// Finishes the file: flushed, synced and renamed over the target. Returns false with `errno` set when
    /// that failed; the old file is then untouched and no temporary file is left.
    func commit() -> Bool {
        let written = ferror(file) == 0 && fflush(file) == 0 && (temporary == nil || fsync(fileno(file)) == 0)
        let failure = errno
        let closed = fclose(file) == 0
        guard let temporary else { return written && closed }
        guard written, closed, rename(temporary, target) == 0 else {
            let cause = written && closed ? errno : failure
            unlink(temporary)
            errno = cause
            return false
        }
        return true
    }
}
