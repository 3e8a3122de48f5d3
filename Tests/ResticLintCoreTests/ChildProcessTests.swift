import Foundation
import Testing

@Suite struct ChildProcessTests {
    /// A child that writes more than a pipe buffer to stderr before any stdout must not block the test.
    @Test func drainsBothPipesAtOnce() throws {
        let script = "head -c 300000 /dev/zero | tr '\\0' e >&2; head -c 300000 /dev/zero | tr '\\0' o; cat"
        let output = try ChildProcess.run(URL(fileURLWithPath: "/bin/sh"), ["-c", script], stdin: "in")
        #expect(output.status == 0)
        #expect(output.stderr.utf8.count == 300_000)
        #expect(output.stdout.utf8.count == 300_002)
        #expect(output.stdout.hasSuffix("oin"))
    }
}
