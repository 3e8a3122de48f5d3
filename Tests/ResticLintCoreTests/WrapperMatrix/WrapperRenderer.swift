@testable import ResticLintCore
import ResticFormats

/// One tool's way of printing the lines it got from restic, written from that tool's real output
/// format. A renderer wraps whatever the log holds (a log that already has a wrapper's prefixes is
/// nested inside the new wrapper, as docker around a timestamping script does).
struct WrapperRenderer: CustomStringConvertible, Sendable {
    let name: String
    let render: @Sendable (PlainLog) -> RenderedLog

    var description: String { name }

    /// One output line per restic line, between fixed header and footer lines.
    static func perLine(_ name: String, header: [String] = [], footer: [String] = [], lineEnd: String = "\n",
                        _ line: @escaping @Sendable (_ index: Int, _ time: Civil, _ text: String) -> String) -> WrapperRenderer {
        WrapperRenderer(name: name) { log in
            var out = header
            var lineOf: [Int] = []
            for (i, text) in log.lines.enumerated() {
                out.append(line(i, log.times[i], text))
                lineOf.append(out.count)
            }
            out += footer
            return RenderedLog(text: out.joined(separator: lineEnd) + lineEnd, lineOf: lineOf)
        }
    }

    static let host = "backuphost"
    static let pid = 4242

    static let all: [WrapperRenderer] = journald + containers + loggers + scripts

    /// systemd: `journalctl -o short|short-iso|short-precise|short-monotonic|json`, `systemctl status`,
    /// rsyslog's default file format (Debian 12), and journal lines of `systemd-cat -t NAME` copied
    /// without time and host.
    static let journald: [WrapperRenderer] = [
        perLine("journalctl -o short") { _, t, s in "\(t.syslog) \(host) restic[\(pid)]: \(s)" },
        perLine("journalctl -o short-iso") { _, t, s in "\(t.iso)+01:00 \(host) restic[\(pid)]: \(s)" },
        perLine("journalctl -o short-precise") { i, t, s in "\(t.syslog).\(micro(i)) \(host) restic[\(pid)]: \(s)" },
        perLine("journalctl -o short-monotonic") { i, _, s in "[\(String(repeating: " ", count: 2))\(1000 + i).\(micro(i))] \(host) restic[\(pid)]: \(s)" },
        perLine("journalctl -o json") { i, t, s in
            let seconds = WallClockSeconds.of(t)
            return #"{"__CURSOR":"s=6a1f;i=\#(String(i + 4096, radix: 16));b=5e1c;m=\#(i);t=61a2;x=9c3d","__REALTIME_TIMESTAMP":"\#(seconds)\#(micro(i))","__MONOTONIC_TIMESTAMP":"\#(1_000_000_000 + i)","_BOOT_ID":"5e1c0c1d8b7a4f2e9d3c2b1a09f8e7d6","PRIORITY":"6","SYSLOG_FACILITY":"3","SYSLOG_IDENTIFIER":"restic","_PID":"\#(pid)","_COMM":"restic","_SYSTEMD_UNIT":"restic-backup.service","_HOSTNAME":"\#(host)","MESSAGE":\#(Quoting.json(s))}"#
        },
        perLine("systemctl status", header: [
            "× restic-backup.service - restic backup of /home",
            "     Loaded: loaded (/etc/systemd/system/restic-backup.service; static)",
            "     Active: inactive (dead) since Sat 2024-03-02 04:00:09 CET; 5h 2min ago",
            "TriggeredBy: ● restic-backup.timer",
            "   Main PID: \(pid) (code=exited, status=0/SUCCESS)",
            "        CPU: 1.912s",
            "",
        ]) { _, t, s in "\(t.syslog) \(host) restic[\(pid)]: \(s)" },
        perLine("rsyslog file (RSYSLOG_FileFormat)") { i, t, s in "\(t.iso).\(micro(i))+01:00 \(host) restic[\(pid)]: \(s)" },
        perLine("systemd-cat -t NAME, copied without time and host") { _, _, s in "restic-backup[\(pid)]: \(s)" },
    ]

    /// docker compose, `docker logs -t`, docker's json-file log, `kubectl logs --prefix --timestamps`.
    static let containers: [WrapperRenderer] = [
        perLine("docker compose logs") { _, _, s in "backup-1  | \(s)" },
        perLine("docker logs -t") { i, t, s in "\(t.iso).\(micro(i))123Z \(s)" },
        perLine("docker json-file") { i, t, s in
            #"{"log":\#(Quoting.json(s + "\n", goHTML: true)),"stream":"stderr","time":"\#(t.iso).\#(micro(i))123Z"}"#
        },
        perLine("kubectl logs --prefix --timestamps") { i, t, s in "[pod/backup-28467000-x7k2p/restic] \(t.iso).\(micro(i))123Z \(s)" },
    ]

    /// Go and Python loggers that carry restic's lines in their records.
    static let loggers: [WrapperRenderer] = [
        velero,
        // k8up 2.x: zap's console encoder with RFC 3339 times, one record per restic line.
        perLine("k8up (zap console)") { _, t, s in "\(t.iso)Z\tINFO\tk8up.restic.backup.stderr\t\(s)" },
        // k8up 1.x: klog header and logr key-value pairs.
        perLine("k8up 1.x (klogr)") { i, t, s in "I\(t.klog).\(micro(i))       1 logging.go:122] k8up/restic/stderr \"msg\"=\(Quoting.go(s))" },
        // backrest: `[restic] ` line prefixer over zap's console encoder with `15:04:05.000Z` times,
        // after the `command: %q` line it prints before each restic command (left out when the log
        // already shows its command: one command's output carries one command line).
        WrapperRenderer(name: "backrest task log") { log in
            let command = "[restic] \(log.times.first?.clock ?? "04:00:05").000Z\tdebug\tcommand: \"/usr/local/bin/restic backup --json --tag plan:daily /home\""
            var out = log.showsCommandLine ? [] : [command]
            var lineOf: [Int] = []
            for (i, s) in log.lines.enumerated() {
                out.append("[restic] \(log.times[i].clock).\(String(micro(i).prefix(3)))Z\tdebug\t\(s)")
                lineOf.append(out.count)
            }
            return RenderedLog(text: out.joined(separator: "\n") + "\n", lineOf: lineOf)
        },
        perLine("Python logging (basicConfig default)") { _, _, s in "INFO:backup:\(s)" },
        perLine("Python logging (asctime - name - levelname)") { i, t, s in "\(t.date) \(t.clock),\(micro(i).prefix(3)) - backup - INFO - \(s)" },
    ]

    /// Velero (logrus text formatter): restic's whole stderr in one `error` field of one record,
    /// `errors.Wrapf(err, "error running command, stderr=%s", stderr)` with `\n` escapes.
    static let velero = WrapperRenderer(name: "Velero (logrus, stderr in one field)") { log in
        let t = log.times.first ?? PlainLog.defaultTime
        let start = "time=\"\(t.iso)Z\" level=info msg=\"Looking for most recent completed pod volume backup for this PVC\" backup=velero/daily-\(t.compact) logSource=\"pkg/podvolume/backupper.go:201\""
        let stderr = log.lines.joined(separator: "\n") + "\n"
        let failed = "time=\"\(t.iso)Z\" level=error msg=\"Error backing up item\" backup=velero/daily-\(t.compact) error=\(Quoting.go("error running command, stderr=\(stderr): exit status 1")) error.file=\"/go/src/github.com/vmware-tanzu/velero/pkg/restic/exec_commands.go:53\" error.function=github.com/vmware-tanzu/velero/pkg/restic.RunBackup logSource=\"pkg/podvolume/backupper.go:240\""
        return RenderedLog(text: start + "\n" + failed + "\n", lineOf: log.lines.map { _ in 2 })
    }

    /// Scripts and CI: moreutils `ts`, cron's mail, PowerShell transcripts, GitHub Actions step logs,
    /// a forum paste in a Markdown quote.
    static let scripts: [WrapperRenderer] = [
        perLine("moreutils ts") { _, t, s in "\(t.syslog) \(s)" },
        perLine("cron mail", header: [
            "From root@\(host)  Sat Mar  2 04:00:09 2024",
            "From: root@\(host) (Cron Daemon)",
            "To: root@\(host)",
            "Subject: Cron <root@\(host)> /usr/local/sbin/nightly-backup",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: 8bit",
            "X-Cron-Env: <SHELL=/bin/sh>",
            "X-Cron-Env: <HOME=/root>",
            "X-Cron-Env: <LOGNAME=root>",
            "Message-Id: <20240302030009.A1B2C3D4E5@\(host)>",
            "Date: Sat,  2 Mar 2024 04:00:09 +0100 (CET)",
            "",
        ]) { _, _, s in s },
        perLine("PowerShell transcript", header: [
            "**********************",
            "Windows PowerShell transcript start",
            "Start time: 20240302040005",
            "Username: BACKUPHOST\\svc-backup",
            "RunAs User: BACKUPHOST\\svc-backup",
            "Configuration Name: ",
            "Machine: BACKUPHOST (Microsoft Windows NT 10.0.20348.0)",
            "Host Application: C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe -File C:\\backup\\nightly.ps1",
            "Process ID: 6120",
            "PSVersion: 5.1.20348.2227",
            "**********************",
            "Transcript started, output file is C:\\backup\\logs\\nightly.txt",
        ], footer: [
            "**********************",
            "Windows PowerShell transcript end",
            "End time: 20240302040109",
            "**********************",
        ], lineEnd: "\r\n") { _, _, s in s },
        perLine("GitHub Actions step log", header: [
            "2024-03-02T04:00:04.9876543Z ##[group]Run ./scripts/backup.sh",
            "2024-03-02T04:00:04.9877001Z \u{1B}[36;1m./scripts/backup.sh\u{1B}[0m",
            "2024-03-02T04:00:04.9912345Z shell: /usr/bin/bash -e {0}",
            "2024-03-02T04:00:04.9912888Z ##[endgroup]",
        ], footer: ["2024-03-02T04:01:09.1234567Z Cleaning up orphan processes"]) { i, t, s in
            "\(t.iso).\(micro(i))1Z \(s)"
        },
        perLine("Markdown quote (forum paste)") { _, _, s in s.isEmpty ? ">" : "> \(s)" },
    ]

    /// Six digits that differ per line, for fractional seconds.
    static func micro(_ i: Int) -> String {
        let digits = String((i * 7919 + 123_457) % 1_000_000)
        return String(repeating: "0", count: 6 - digits.count) + digits
    }
}

enum WallClockSeconds {
    /// Seconds since 1970 of a civil time (journald's `__REALTIME_TIMESTAMP` prints microseconds).
    static func of(_ t: Civil) -> Int64 {
        WallClock(year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute, second: t.second)!.seconds
    }
}
