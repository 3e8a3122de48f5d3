import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Debian's prometheus-node-exporter with only the textfile collector, on a free loopback port.
enum NodeExporter {
    static let path = "/usr/bin/prometheus-node-exporter"

    /// Starts node_exporter on `textfileDirectory`, returns one scrape of `/metrics`, and stops it.
    static func scrape(textfileDirectory: String) throws -> String {
        try #require(FileManager.default.isExecutableFile(atPath: path),
                     "prometheus-node-exporter is missing: run .ci/install-deps")
        // A port another process takes between our probe and node_exporter's bind: try another.
        for _ in 0..<3 {
            let port = try freeLoopbackPort()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = ["--web.listen-address=127.0.0.1:\(port)", "--collector.disable-defaults",
                                 "--collector.textfile", "--collector.textfile.directory=\(textfileDirectory)"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            defer {
                process.terminate()
                process.waitUntilExit()
            }
            let deadline = Date().addingTimeInterval(15)
            while process.isRunning, Date() < deadline {
                if let body = get("http://127.0.0.1:\(port)/metrics") { return body }
                usleep(100_000)
            }
        }
        Issue.record("node_exporter did not serve /metrics")
        return ""
    }

    /// One GET with a short timeout; nil until the server answers.
    private static func get(_ url: String) -> String? {
        let script = """
            import sys, urllib.request
            try:
                print(urllib.request.urlopen(sys.argv[1], timeout=2).read().decode(), end="")
            except OSError:
                sys.exit(1)
            """
        guard let result = try? Python.run(script, [url]), result.status == 0 else { return nil }
        return result.stdout
    }

    /// The kernel picks a free port for a socket bound to port 0; it is closed again for node_exporter.
    static func freeLoopbackPort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        try #require(bound)
        return UInt16(bigEndian: address.sin_port)
    }
}
