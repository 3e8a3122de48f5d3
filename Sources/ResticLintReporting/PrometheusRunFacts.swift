import Foundation
import ResticFormats
import ResticLintModel

/// What the metrics say about one run beyond its summary: how it ended, which repository it used,
/// and when it ended on the Unix clock.
enum RunOutcome: String, CaseIterable {
    case succeeded, failed, unknown

    /// `failed` when restic printed its final error or the run has an error finding and saved no
    /// snapshot; `succeeded` when a backup saved its snapshot, or another command ended without either;
    /// `unknown` when a backup shows neither (a log cut short, a process killed) or the command is unknown.
    init(_ run: RunSummary, command: String, hasErrorFinding: Bool) {
        if run.fatalExit { self = .failed }
        else if run.completedBackup { self = .succeeded }
        else if hasErrorFinding { self = .failed }
        else if command != "backup" && command != "unknown" { self = .succeeded }
        else { self = .unknown }
    }
}

enum RepositoryName {
    /// The repository a command line names (`-r`, `--repo`, `--repo=`, `RESTIC_REPOSITORY=`), with any
    /// password in a URL removed: metrics travel further than logs.
    static func of(_ commandLine: String?) -> String? {
        guard let commandLine else { return nil }
        let words = commandLine.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        for (index, word) in words.enumerated() {
            var value: String?
            if word == "-r" || word == "--repo", index + 1 < words.count { value = words[index + 1] }
            else if word.hasPrefix("--repo=") { value = String(word.dropFirst("--repo=".count)) }
            else if word.hasPrefix("RESTIC_REPOSITORY=") { value = String(word.dropFirst("RESTIC_REPOSITORY=".count)) }
            if let value { return withoutCredentials(unquoted(value)) }
        }
        return nil
    }

    private static func unquoted(_ s: String) -> String {
        s.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
    }

    /// `rest:https://user:secret@host/repo` → `rest:https://host/repo`; `sftp:user@host:/srv` has no secret and stays.
    static func withoutCredentials(_ repository: String) -> String {
        guard let scheme = repository.range(of: "://") else { return repository }
        let authorityEnd = repository[scheme.upperBound...].firstIndex(of: "/") ?? repository.endIndex
        guard let at = repository[scheme.upperBound..<authorityEnd].lastIndex(of: "@") else { return repository }
        return String(repository[..<scheme.upperBound]) + String(repository[repository.index(after: at)...])
    }
}

enum UnixTime {
    /// A log's local clock reading as Unix seconds in `timeZone`. Syslog stamps carry no year: they are
    /// placed in the year of `now`, or the year before when that would put them more than a day ahead.
    static func seconds(_ clock: WallClock, timeZone: TimeZone, now: Date) -> Int64 {
        var local = clock
        if !clock.hasYear {
            let nowLocal = WallClock(seconds: Int64(now.timeIntervalSince1970) + Int64(timeZone.secondsFromGMT(for: now)))
            local = clock.placed(inYear: nowLocal.year)
            if local.seconds - nowLocal.seconds > 86_400 { local = clock.placed(inYear: nowLocal.year - 1) }
        }
        // The offset at the guessed instant, then at the corrected one: right on both sides of a DST change.
        let guess = local.seconds - Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local.seconds))))
        return local.seconds - Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(guess))))
    }
}
