import ResticFormats
import ResticLintMatching
/// Messages that mark where a restic invocation starts or ends, and what version printed them.
package enum RunMarker: Sendable, Equatable {
    /// `restic 0.17.0 compiled with go1.22.5 on linux/amd64`
    case banner(version: ResticVersion?)
    /// A command line (`+ restic -r ... backup`, `/usr/local/bin/restic-0.17.1 backup ...`,
    /// `docker run ... restic/restic:0.17.1 ...`); the version is the one its binary or image names.
    /// Boxed: one per run, and inline it made every event (`LogEvent.marker`) 32 bytes larger.
    indirect case commandLine(command: String, version: ResticVersion?, text: String)
    /// A wrapper saying which restic it runs (resticprofile's `using restic 0.16.4`).
    case versionStatement(ResticVersion)
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
        case .versionStatement: return -1
        case .banner: return 0
        case .commandLine: return 1
        case .openRepository: return 2
        default: return nil
        }
    }
}

/// Recognises run markers in a message with one alternation, one JIT match per message. restic's
/// output format, not diagnosis, so it lives in code.
/// Not Sendable: its match data is mutable scratch, so each scanner owns its own classifier.
final class RunMarkerClassifier {
    /// `banner` may sit behind any text (`nightly.sh: restic 0.17.1 compiled with ...`); a command
    /// line may follow a wrapper's word (`command: "`, GitHub's `Run `) or a runner (`sudo`, `docker
    /// run ... restic/restic:TAG`). Duplicate group names are allowed; the first that matched counts.
    private static let marker = try! PCRE2Regex(expression)
    static let expression = #"""
        (?x)
        ^(?:(?<banner>[^\n]*?(?<![\w./-])restic\ (?<version>\d+\.\d+\.\d+)\S*\ (?:\([^)]*\)\ )?compiled\ with\ go)
        |(?<command>(?:(?:Run|Running|Executing|[Cc]ommand):?\ "?)?
          (?:[+$#>]\ *(?:[^|\n]*\|\ *)?(?:\S*/)?restic|\S*/restic|(?:[^|\n]*\|\ *)?restic(?=.*\ -)
            |(?:[+$#>]\ *)?(?:sudo|doas|nice|ionice|timeout|env|exec|docker|podman|nerdctl)\ [^\n]*?\ (?:\S*/restic|restic/restic(?::v?[\w.-]+)?))
          (?:[-_]v?(?<pathversion>\d+\.\d+\.\d+)[\w.-]*)?(?=\ )(?:.*?\ )??
        (?<name>backup|cat|check|copy|diff|dump|find|forget|init|key|list|ls|migrate|mount|prune|rebuild-index|recover|repair|restore|rewrite|snapshots|stats|tag|unlock)(?:\ |"|$))
        |(?<open>open\ repository$)
        |(?<opened>repository\ [0-9a-f]{8}\ opened\ \(version\ \d)
        |(?<lockrepo>lock\ repository$)
        |(?<saved>snapshot\ [0-9a-f]{8,64}\ saved$)
        |(?<fatal>Fatal:\ |unable\ to\ create\ lock\ in\ backend:\ )
        |(?<statement>using\ restic\ v?(?<stated>\d+\.\d+\.\d+)$)
        |(?<trailer>the\ `unlock(?:\ --remove-all)?`\ command\ can\ be\ used|also,\ the\ following\ messages\ were\ logged\ by\ a\ library))
        |(?<exitcode>\(exit\ code\ \d+\)(?:\n|$))
        |(?<exitline>(?i:exit(?:ed)?(?:\ with)?\ (?:code|status)[\ =:]*\d+|Main\ process\ exited|Failed\ with\ result))
        """#
    /// The version a command line's binary or image names, wherever in the path it is: `restic-0.17.1`,
    /// `restic_0.17.1_linux_amd64` (release assets), `/nix/store/...-restic-0.17.0/bin/restic`,
    /// `restic/restic:0.17.1`.
    private static let commandVersion = try! PCRE2Regex(#"(?<![\w.])restic(?:[-_]v?|/restic:v?)(?<version>\d+\.\d+\.\d+)(?![\d.]*\d)"#)
    private let matchData = MatchData()

    /// Raw-line literals the prefilter must let through so markers are seen. A bare `Fatal` too, as it
    /// always was: which lines reach the classifier decides where a pending lock block ends.
    static let literals = sharedLiterals + ["Fatal"]
    /// Literals of which a message the alternation matches holds one (caselessly; a versioned command
    /// line may hold only `restic`): the `fatal` branch needs `Fatal: `, and a listed path with `Fatal`
    /// in it (`FatalErrorReport.txt`) no longer runs the whole alternation.
    static let messageLiterals = sharedLiterals + ["Fatal: "]
    private static let sharedLiterals = [
        "compiled with", "\"go_version\"", "restic ", "open repository",
        // Versioned binaries (`restic_0.17.1_linux_amd64`); a bare `restic_` is common in file paths
        // and `restic-1  | ` is docker compose's container name.
        "restic-0.", "restic_0.", "restic-v0.", "restic_v0.", "restic-1.", "restic_1.", "restic/restic:", "repository ", "lock repository",
        "snapshot ", "unable to create lock", "exit_error", "unlock", "also, the following", "xit", "Failed with result",
    ]

    /// Whether any marker matches the message's bytes, without building captures.
    func mayMark(_ message: UnsafeBufferPointer<UInt8>) -> Bool {
        (try? RunMarkerClassifier.marker.firstMatch(in: message, using: matchData)) != nil
    }

    func classify(_ text: String) -> RunMarker? {
        guard let c = try? RunMarkerClassifier.marker.captures(in: text, using: matchData) else { return nil }
        if c["banner"] != nil { return .banner(version: c["version"].flatMap(ResticVersion.init)) }
        if c["command"] != nil, let name = c["name"] {
            let named = c["pathversion"] ?? (try? RunMarkerClassifier.commandVersion.captures(in: text, using: matchData))?["version"]
            return .commandLine(command: name, version: named.flatMap(ResticVersion.init), text: text)
        }
        if let stated = c["stated"].flatMap(ResticVersion.init) { return .versionStatement(stated) }
        if c["open"] != nil { return .openRepository }
        if c["opened"] != nil { return .versionHint(RunMarkerClassifier.formatVersion2) }
        if c["lockrepo"] != nil { return .versionHint(RunMarkerClassifier.printsLockRepository) }
        if c["saved"] != nil { return .backupCompleted }
        if c["fatal"] != nil || c["exitcode"] != nil { return .fatalExit }
        return .exitTrailer
    }

    /// `repository ... opened (version N` appeared with repository format 2 in 0.14.0.
    static let formatVersion2 = try! VersionRange(constraint: ">=0.14.0")
    /// 0.17 no longer prints `lock repository`.
    static let printsLockRepository = try! VersionRange(constraint: "<0.17.0")
}
