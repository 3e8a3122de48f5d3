import Foundation
import Testing

/// `contrib/systemd` as a user installs it: the command line of `resticlint@.service`, taken from the
/// unit file with systemd's specifiers and escapes resolved, runs against a journal export (journalctl
/// and systemctl replaced by stand-ins that print it) and writes valid textfile metrics of the run.
@Suite struct ContribSystemdTests {
    static let folder = TestSupport.repositoryRoot.appendingPathComponent("contrib/systemd")
    static var template: URL { folder.appendingPathComponent("resticlint@.service") }
    static let instance = "restic-backup.service"

    /// `Key=value` lines of the `[Service]` section, continuation lines joined.
    static func serviceSettings(_ text: String) -> [(key: String, value: String)] {
        var settings: [(String, String)] = []
        var section = ""
        var pending = ""
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = pending + raw.trimmingCharacters(in: .whitespaces)
            pending = ""
            if line.hasSuffix("\\") { pending = String(line.dropLast()) + " "; continue }
            if line.hasPrefix("#") || line.hasPrefix(";") || line.isEmpty { continue }
            if line.hasPrefix("[") { section = line; continue }
            guard section == "[Service]", let equals = line.firstIndex(of: "=") else { continue }
            settings.append((String(line[..<equals]), String(line[line.index(after: equals)...])))
        }
        return settings
    }

    /// systemd's command-line rules as far as the unit uses them: `%i`/`%n`/`%%` specifiers, `$$` for a
    /// literal `$`, words split at blanks, single and double quotes.
    static func commandLine(_ value: String, instance: String) -> [String] {
        var expanded = ""
        var characters = value.makeIterator()
        while let c = characters.next() {
            if c == "%" {
                switch characters.next() {
                case "i", "I": expanded += instance
                case "n", "N": expanded += "resticlint@\(instance).service"
                case "%": expanded += "%"
                case let other?: Issue.record("unexpected specifier %\(other)")
                case nil: break
                }
            } else {
                expanded.append(c)
            }
        }
        expanded = expanded.replacingOccurrences(of: "$$", with: "$")
        var words: [String] = []
        var word: String?
        var quote: Character?
        for c in expanded {
            if let q = quote {
                if c == q { quote = nil } else { word!.append(c) }
            } else if c == "'" || c == "\"" {
                quote = c
                word = word ?? ""
            } else if c == " " || c == "\t" {
                if let w = word { words.append(w) }
                word = nil
            } else {
                word = (word ?? "") + String(c)
            }
        }
        if let w = word { words.append(w) }
        return words
    }

    @Test func theUnitsCommandWritesMetricsOfTheLastRun() throws {
        let scratch = try TemporaryFolder.make("resticlint-systemd")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let settings = Self.serviceSettings(try String(contentsOf: Self.template, encoding: .utf8))
        let execStart = try #require(settings.first { $0.key == "ExecStart" }?.value)
        #expect(settings.contains { $0.key == "Environment" && $0.value == "TEXTFILE_DIR=/var/lib/prometheus/node-exporter" },
                "Debian's node_exporter textfile folder")
        #expect(settings.contains { $0.key == "ReadWritePaths" && $0.value == "/var/lib/prometheus/node-exporter" })

        // Stand-ins record their arguments; journalctl prints a journal export of the unit.
        let bin = scratch.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let journal = "\(TestSupport.samplesDirectory)/journald-short-iso-misfire-0.17.0.log"
        let stubs = [
            "systemctl": "printf '%s\\n' \"$@\" > \(scratch.path)/systemctl.args\necho @1724112000\n",
            "journalctl": "printf '%s\\n' \"$@\" > \(scratch.path)/journalctl.args\ncat '\(journal)'\n",
        ]
        for (name, body) in stubs {
            let path = bin.appendingPathComponent(name).path
            try ("#!/bin/sh\n" + body).write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }
        let textfiles = scratch.appendingPathComponent("node-exporter")
        try FileManager.default.createDirectory(at: textfiles, withIntermediateDirectories: true)

        let argv = Self.commandLine(execStart, instance: Self.instance)
        #expect(argv.first == "/bin/sh" && argv.last == Self.instance)
        let environment = [
            "PATH": "\(bin.path):\(TestSupport.executable.deletingLastPathComponent().path):/usr/bin:/bin",
            "TEXTFILE_DIR": textfiles.path,
            "TZ": "Europe/Berlin",  // the zone of the host whose journal the stand-in prints
        ]
        let run = try ChildProcess.run(URL(fileURLWithPath: argv[0]), Array(argv.dropFirst()), environment: environment)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")

        let journalArgs = try String(contentsOf: scratch.appendingPathComponent("journalctl.args"), encoding: .utf8)
        #expect(journalArgs.split(separator: "\n").map(String.init)
            == ["--unit=restic-backup.service", "--since=@1724112000", "--output=short-iso", "--no-pager"])
        let systemctlArgs = try String(contentsOf: scratch.appendingPathComponent("systemctl.args"), encoding: .utf8)
        #expect(systemctlArgs.contains("--property=InactiveExitTimestamp") && systemctlArgs.contains(Self.instance))

        let written = textfiles.appendingPathComponent("resticlint-restic-backup.service.prom")
        let metrics = try String(contentsOf: written, encoding: .utf8)
        #expect(try FileManager.default.contentsOfDirectory(atPath: textfiles.path) == [written.lastPathComponent])
        let check = try PrometheusToolTests.promtool(["check", "metrics"], stdin: metrics)
        #expect(check.status == 0 && check.stdout.isEmpty, "\(check.stdout)\(check.stderr)")
        #expect(metrics.contains(#"resticlint_findings{rule="breaker-misfire",severity="error"} 1"#))
        #expect(metrics.contains(#"resticlint_last_run_outcome{input="restic-backup.service",repository="",command="backup",outcome="failed"} 1"#))
        // 2024-08-21T02:00:03+02:00, the run's last line, is 00:00:03 UTC.
        #expect(metrics.contains(#"resticlint_last_run_end_timestamp_seconds{input="restic-backup.service",repository="",command="backup"} 1724198403"#))
    }

    /// systemd's own checker, where systemd is installed: the template as an instance, with the drop-in
    /// on a minimal restic unit. Unknown keys are only warnings there, so any output fails the test.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze")))
    func systemdAnalyzeVerifiesTheUnits() throws {
        let scratch = try TemporaryFolder.make("resticlint-verify")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let fm = FileManager.default
        try fm.copyItem(at: Self.template, to: scratch.appendingPathComponent("resticlint@\(Self.instance).service"))
        try fm.copyItem(at: Self.folder.appendingPathComponent("\(Self.instance).d"), to: scratch.appendingPathComponent("\(Self.instance).d"))
        try "[Unit]\nDescription=restic backup\n[Service]\nType=oneshot\nExecStart=/bin/true\n"
            .write(to: scratch.appendingPathComponent(Self.instance), atomically: true, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment
        environment["SYSTEMD_UNIT_PATH"] = scratch.path + ":"
        let run = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/systemd-analyze"),
                                       ["verify", "--man=no", scratch.appendingPathComponent(Self.instance).path,
                                        scratch.appendingPathComponent("resticlint@\(Self.instance).service").path],
                                       environment: environment)
        #expect(run.status == 0 && run.stdout.isEmpty && run.stderr.isEmpty, "\(run.stdout)\(run.stderr)")
    }
}
