/// Splits one input's events into restic invocations. Output of concurrent processes interleaves in
/// journald logs, so runs are kept per PID; a run closes when its process starts again or the input ends.
final class RunTracker {
    private let input: Int
    private let flagVersion: ResticVersion?
    private let catalog: RuleCatalog
    private var open: [Int: Run] = [:]  // keyed by PID, -1 when lines carry none
    private var lastKey = -1
    private var nextID: () -> Int
    private let close: (Run) -> Void

    /// Events further apart than this in one process belong to different invocations.
    static let gap: Int64 = 3600

    init(input: Int, flagVersion: ResticVersion?, catalog: RuleCatalog, nextID: @escaping () -> Int, close: @escaping (Run) -> Void) {
        self.input = input
        self.flagVersion = flagVersion
        self.catalog = catalog
        self.nextID = nextID
        self.close = close
    }

    func add(_ event: LogEvent) {
        // The service manager reports on the restic process it ran; its lines belong to that run.
        let key = event.pid == 1 ? lastKey : event.pid ?? -1
        // A wrapper prints the command line, then restic's own lines come from a child with another
        // PID: a run that holds only a command line continues in the new process.
        if open[key] == nil, key != lastKey, var pending = open[lastKey], !pending.hasBody, pending.startStages == [1] {
            open[lastKey] = nil
            pending.pid = event.pid
            open[key] = pending
        }
        lastKey = key
        if let run = open[key], startsNewRun(run, with: event) {
            finish(key)
        }
        // Taken out of the dictionary, so appending does not copy the run's events every time.
        var run = open.removeValue(forKey: key) ?? newRun(at: event)
        append(event, to: &run)
        open[key] = run
    }

    func finishAll() {
        for key in open.keys.sorted(by: { open[$0]!.id < open[$1]!.id }) { finish(key) }
    }

    private func startsNewRun(_ run: Run, with event: LogEvent) -> Bool {
        if let last = run.lastTimestamp, let now = event.timestamp, now.seconds - last.seconds > RunTracker.gap { return true }
        if let stage = event.marker?.startStage { return run.hasBody || run.startStages.contains(stage) }
        if run.ended { return event.marker != .exitTrailer }
        return false
    }

    private func newRun(at event: LogEvent) -> Run {
        var run = Run(id: nextID(), input: input, startLine: event.line, endLine: event.endLine, pid: event.pid)
        if let flagVersion { run.version = .flag(flagVersion) }
        return run
    }

    private func append(_ event: LogEvent, to run: inout Run) {
        run.endLine = max(run.endLine, event.endLine)
        if let timestamp = event.timestamp { run.lastTimestamp = timestamp }
        switch event.marker {
        case .banner(let version)?:
            if let version { adopt(.banner(version, line: event.line), into: &run) }
        case .commandLine(let command, let version, let text)?:
            run.command = command
            run.commandLine = text
            if let version { adopt(.path(version, line: event.line), into: &run) }
        case .versionHint(let range)?:
            narrow(&run, by: range, line: event.line)
        case .backupCompleted?:
            run.completedBackup = true
            run.command = run.command ?? "backup"
        case .fatalExit?:
            run.ended = true
        default:
            break
        }
        if let stage = event.marker?.startStage {
            run.startStages.insert(stage)
        } else {
            run.hasBody = true
        }
        for hit in event.hits {
            if let implied = catalog.rules[hit.rule].patterns[hit.pattern].implies { narrow(&run, by: implied, line: event.line) }
        }
        if run.events.count < Run.eventCap { run.events.append(event) } else { run.droppedEvents += 1 }
    }

    private func adopt(_ evidence: VersionEvidence, into run: inout Run) {
        if evidence.strength > run.version.strength { run.version = evidence }
    }

    /// Message shapes narrow the possible versions; an empty intersection means the hints disagree
    /// (a log edited by hand, or a misread), so the narrower hint is ignored.
    private func narrow(_ run: inout Run, by range: VersionRange, line: Int) {
        let narrowed = run.inferredRange.intersection(range)
        guard !narrowed.isEmpty else { return }
        run.inferredRange = narrowed
        if run.inferredLine == nil { run.inferredLine = line }
        adopt(.inferred(narrowed, line: run.inferredLine!), into: &run)
        if case .inferred = run.version { run.version = .inferred(narrowed, line: run.inferredLine!) }
    }

    private func finish(_ key: Int) {
        guard let run = open.removeValue(forKey: key) else { return }
        close(run)
    }
}
