import ResticLintModel
import ResticLintRules

/// Builds a run's `LockTimeline` (the report model's data) from its classified events.
extension LockTimeline {
    static let markCap = 400
    static let textLimit = 300

    /// The marks of a run's events, with the catalogue's pattern meanings looked up beforehand.
    package init(_ run: Run, meanings: PatternMeanings) {
        self.init()
        var lastOnLane: [String: Int] = [:]
        for event in run.events {
            for (kind, file) in Self.marks(of: event, meanings: meanings) {
                let lane = file ?? ""
                if let index = lastOnLane[lane], marks[index].kind == kind {
                    marks[index].count += 1
                    marks[index].lastLine = event.endLine
                    marks[index].lastTime = event.timestamp?.seconds ?? marks[index].lastTime
                    continue
                }
                guard marks.count < Self.markCap else { omitted += 1; continue }
                lastOnLane[lane] = marks.count
                marks.append(Mark(kind: kind, file: file, line: event.line, lastLine: event.endLine, count: 1,
                                  time: event.timestamp?.seconds, lastTime: event.timestamp?.seconds,
                                  text: String(event.text.prefix(Self.textLimit))))
            }
        }
    }

    /// One mark per lane an event touches, in the order the lanes first occur: the most telling kind
    /// any of its patterns gives. An event touches a lane or two, so a list beats a dictionary here.
    static func marks(of event: LogEvent, meanings: PatternMeanings) -> [(Kind, String?)] {
        var best: [(kind: Kind, lane: String?)] = []
        for hit in event.hits {
            guard let meaning = meanings.table[hit.rule][hit.pattern],
                  let (kind, file) = mark(meaning, pattern: meanings.names[hit.rule][hit.pattern], fields: hit.fields)
            else { continue }
            let lane = file?.isEmpty == false ? file : nil
            if let known = best.firstIndex(where: { $0.lane == lane }) {
                if rank(kind) > rank(best[known].kind) { best[known].kind = kind }
            } else {
                best.append((kind, lane))
            }
        }
        return best.map { ($0.kind, $0.lane) }
    }

    /// Every pattern's `Meaning`, by rule and pattern index: looked up by name once per catalogue
    /// rather than for every hit of every run.
    package struct PatternMeanings: Sendable {
        let table: [[Meaning?]]
        let names: [[String]]

        package init(_ catalog: RuleCatalog) {
            names = catalog.rules.map { $0.patterns.map(\.name) }
            table = names.map { $0.map { LockTimeline.meanings[$0] } }
        }
    }

    private static func rank(_ kind: Kind) -> Int { Kind.allCases.firstIndex(of: kind)! }

    /// What a shipped rule's pattern says about locking, by the pattern's name; its captures say
    /// which file. Patterns of other rules (user rules, data files) draw nothing.
    enum Meaning {
        case breakerOpen, notFound, loadFailure, outcomeOfOperation, create, remove, refresh, held, retryWait, finalError
    }

    static let meanings: [String: Meaning] = {
        var table: [String: Meaning] = ["breaker_open": .breakerOpen, "already_locked": .held, "retry_wait": .retryWait]
        for name in ["vanished_lock", "vanished", "vanished_load"] { table[name] = .notFound }
        for name in ["own_exhaustion", "own_failure", "load_trouble", "invalid_data_load", "load_invalid_data", "invalid_lock", "lock_ciphertext"] {
            table[name] = .loadFailure
        }
        for name in ["retry", "success", "list_retry", "list_failed"] { table[name] = .outcomeOfOperation }
        for name in ["save_cap", "save_smb_sync", "save_missing", "save_throttled", "save_denied", "save_other", "save_final", "save_recovered"] {
            table[name] = .create
        }
        for name in ["remove_retry", "remove_failed", "remove_recovered", "unlock_error"] { table[name] = .remove }
        for name in ["unable_to_refresh", "refresh_in_time", "refresh_stale"] { table[name] = .refresh }
        for name in ["gave_up", "lock_failure_final", "lock_line", "canceled_after_invalid", "fatal_prefix", "plain_prefix", "json_locked_exit"] {
            table[name] = .finalError
        }
        return table
    }()

    static func mark(_ meaning: Meaning, pattern: String, fields: HitFields) -> (Kind, String?)? {
        let lockFile = fields.lockFile
        switch meaning {
        case .breakerOpen:
            return lockFile.map { (.breakerOpen, $0) }
        case .notFound:
            return (.loadNotFound, lockFile)
        case .loadFailure:
            guard let lockFile else { return pattern == "invalid_lock" ? (.finalError, nil) : nil }
            // A byte search: Foundation's `contains` costs a UTF-16 copy of the whole error per mark.
            if fields["error"]?.containsBytes("context canceled") == true { return (.loadCancelled, lockFile) }
            return (fields["delay"] != nil ? .retry : .loadFailed, lockFile)
        case .outcomeOfOperation:
            if fields["op"] == "List" { return fields["handle"] == "lock" ? (.list, nil) : nil }
            guard let lockFile else { return nil }
            switch (fields["op"], pattern) {
            case ("Load", "success"): return (.loadOK, lockFile)
            case ("Save", _): return (.create, nil)
            case ("Remove", _): return (.remove, nil)
            default: return (.retry, lockFile)
            }
        case .create: return (.create, nil)
        case .remove: return (.remove, nil)
        case .refresh: return (.refresh, nil)
        case .held: return (.held, lockFile)
        case .retryWait: return (.retry, nil)
        case .finalError: return (.finalError, nil)
        }
    }
}
