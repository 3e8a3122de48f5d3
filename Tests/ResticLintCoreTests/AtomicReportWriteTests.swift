import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `--format NAME:PATH` replaces the file by a rename, as node_exporter's textfile collector asks: a
/// scrape sees the old file or the new one, never a truncated one.
@Suite struct AtomicReportWriteTests {
    let misfire = "\(TestSupport.samplesDirectory)/b2-5005-misfire-0.17.0.log"
    let clean = "\(TestSupport.samplesDirectory)/journald-clean-0.17.1.log"

    private func inode(_ path: String) -> UInt64 {
        var status = stat()
        return stat(path, &status) == 0 ? UInt64(status.st_ino) : 0
    }

    /// A hard link keeps the first file: had the second write truncated and rewritten it in place,
    /// the link would show the new text too.
    @Test(arguments: ["prometheus", "json", "sarif", "text"])
    func replacesTheFileByRename(format: String) throws {
        let folder = try TemporaryFolder.make("resticlint-atomic")
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("resticlint.\(format)").path
        #expect(try TestSupport.run(["analyze", "--format", "\(format):\(target)", misfire]).status == 0)
        let first = try String(contentsOfFile: target, encoding: .utf8)
        try FileManager.default.linkItem(atPath: target, toPath: folder.appendingPathComponent("kept").path)
        let firstInode = inode(target)

        #expect(try TestSupport.run(["analyze", "--format", "\(format):\(target)", clean]).status == 0)
        let second = try String(contentsOfFile: target, encoding: .utf8)
        #expect(second != first)
        #expect(inode(target) != firstInode, "a new file took the old one's place")
        #expect(try String(contentsOfFile: folder.appendingPathComponent("kept").path, encoding: .utf8) == first)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["kept", "resticlint.\(format)"],
                "no temporary file is left behind")
    }

    /// The temporary file starts private (mkstemp's 0600); the report gets the mode `fopen` would give
    /// it, so node_exporter, running as another user, can read it.
    @Test(arguments: [("022", 0o644), ("077", 0o600)])
    func fileModeFollowsTheUmask(umask: String, mode: Int) throws {
        let folder = try TemporaryFolder.make("resticlint-atomic")
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("resticlint.prom").path
        let run = try ChildProcess.run(URL(fileURLWithPath: "/bin/sh"),
                                       ["-c", "umask \(umask) && exec \"$0\" analyze --format prometheus:\"$1\" \"$2\"",
                                        TestSupport.executable.path, target, misfire])
        #expect(run.status == 0, "\(run.stderr)")
        let attributes = try FileManager.default.attributesOfItem(atPath: target)
        #expect((attributes[.posixPermissions] as? Int) == mode)
    }

    /// A symlinked report keeps its link; the file it points to is replaced.
    @Test func followsASymlink() throws {
        let folder = try TemporaryFolder.make("resticlint-atomic")
        defer { try? FileManager.default.removeItem(at: folder) }
        let real = folder.appendingPathComponent("real.prom").path
        let link = folder.appendingPathComponent("link.prom").path
        try "old\n".write(toFile: real, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
        #expect(try TestSupport.run(["analyze", "--format", "prometheus:\(link)", misfire]).status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == real)
        #expect(try String(contentsOfFile: real, encoding: .utf8).contains("resticlint_findings"))
    }

    /// A pipe (like `/dev/stdout`) is written into, never replaced by a regular file.
    @Test func writesIntoAPipeInPlace() throws {
        let folder = try TemporaryFolder.make("resticlint-atomic")
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("metrics.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = try ChildProcess.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "cat \"$1\" & \"$0\" analyze --format prometheus:\"$1\" \"$2\"; wait",
                                                                          TestSupport.executable.path, fifo, misfire])
        #expect(reader.status == 0, "\(reader.stderr)")
        #expect(reader.stdout.contains("resticlint_findings{rule=\"breaker-misfire\""))
        var status = stat()
        #expect(lstat(fifo, &status) == 0 && (status.st_mode & S_IFMT) == S_IFIFO)
    }

    @Test func anUnwritableTargetFailsClearly() throws {
        let run = try TestSupport.run(["analyze", "--format", "prometheus:/nonexistent-folder/resticlint.prom", misfire])
        #expect(run.status == 1)
        #expect(run.stderr.contains("cannot write /nonexistent-folder/resticlint.prom: No such file or directory"), "\(run.stderr)")
    }
}
