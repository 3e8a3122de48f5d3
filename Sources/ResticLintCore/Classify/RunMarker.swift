/// Messages that mark where a restic invocation starts or ends, and what version printed them.
public enum RunMarker: Sendable, Equatable {
    /// `restic 0.17.0 compiled with go1.22.5 on linux/amd64`
    case banner(version: ResticVersion?)
    /// A command line (`+ restic -r ... backup`, `/usr/local/bin/restic-0.17.1 backup ...`).
    case commandLine(command: String, version: ResticVersion?)
    /// `open repository`
    case openRepository
    /// A message only some versions print (`lock repository`: up to 0.16; `opened (version N`: 0.14+).
    case versionHint(VersionRange)
    /// `snapshot 1a2b3c4d saved`: a backup finished.
    case backupCompleted
    /// restic's final error: `Fatal: ...`, `unable to create lock in backend: ...`, a JSON `exit_error`.
    case fatalExit
    /// What follows a fatal error without starting anything new: unlock hints, a wrapper's exit status.
    case exitTrailer

    /// Start markers one invocation prints once each; a repeated stage, or any marker after the run's
    /// body began, starts a new run.
    var startStage: Int? {
        switch self {
        case .banner: return 0
        case .commandLine: return 1
        case .openRepository: return 2
        default: return nil
        }
    }
}

/// Recognises run markers in a message. restic's output format, not diagnosis, so it lives in code.
final class RunMarkerClassifier: @unchecked Sendable {
    private let banner = try! PCRE2Regex(#"^restic (?<version>\d+\.\d+\.\d+)\S* (?:\([^)]*\) )?compiled with go"#)
    private let command = try! PCRE2Regex(
        #"^(?:(?:[+$#>] *|\S*/)restic|restic(?=.* -))(?:[-_]v?(?<version>\d+\.\d+\.\d+)[\w.-]*)?(?= )(?:.*? )??(?<command>backup|cat|check|copy|diff|dump|find|forget|init|key|list|ls|migrate|mount|prune|rebuild-index|recover|repair|restore|rewrite|snapshots|stats|tag|unlock)(?: |$)"#)
    private let openRepository = try! PCRE2Regex(#"^open repository$"#)
    private let repositoryOpened = try! PCRE2Regex(#"^repository [0-9a-f]{8} opened \(version \d"#)
    private let lockRepository = try! PCRE2Regex(#"^lock repository$"#)
    private let snapshotSaved = try! PCRE2Regex(#"^snapshot [0-9a-f]{8,64} saved$"#)
    private let fatal = try! PCRE2Regex(#"^(?:Fatal: |unable to create lock in backend: )|\(exit code \d+\)(?:\n|$)"#)
    private let trailer = try! PCRE2Regex(
        #"^the `unlock(?: --remove-all)?` command can be used|^also, the following messages were logged by a library|(?i:exit(?:ed)?(?: with)? (?:code|status)[ =:]*\d+|Main process exited|Failed with result)"#)
    private let matchData = MatchData()

    /// Raw-line literals the prefilter must let through so markers are seen.
    static let literals = [
        "compiled with", "\"go_version\"", "restic ", "restic-", "restic_", "open repository", "repository ", "lock repository", "snapshot ",
        "Fatal", "unable to create lock", "exit_error", "unlock", "also, the following", "xit", "Failed with result",
    ]

    func classify(_ text: String) -> RunMarker? {
        if let c = try? banner.captures(in: text, using: matchData) {
            return .banner(version: c["version"].flatMap(ResticVersion.init))
        }
        if let c = try? command.captures(in: text, using: matchData), let name = c["command"] {
            return .commandLine(command: name, version: c["version"].flatMap(ResticVersion.init))
        }
        if (try? openRepository.matches(text, using: matchData)) == true { return .openRepository }
        if (try? repositoryOpened.matches(text, using: matchData)) == true {
            return .versionHint(try! VersionRange(constraint: ">=0.14.0"))
        }
        if (try? lockRepository.matches(text, using: matchData)) == true {
            return .versionHint(try! VersionRange(constraint: "<0.17.0"))
        }
        if (try? snapshotSaved.matches(text, using: matchData)) == true { return .backupCompleted }
        if (try? fatal.matches(text, using: matchData)) == true { return .fatalExit }
        if (try? trailer.matches(text, using: matchData)) == true { return .exitTrailer }
        return nil
    }
}
