import ResticFormats
import ResticLintRules
import ResticLintModel
/// Splits one input's events into restic invocations. Output of concurrent processes interleaves in
/// journald logs, so runs are kept per PID; a run closes when its process starts again, when the
/// caller closes it (a live input that went quiet), or when the input ends. Closed runs are handed
/// back to the caller, which passes them on to correlation.
package final class RunTracker {
    private let input: Int
    private let flagVersion: ResticVersion?
    private let catalog: RuleCatalog
    /// An open run in a box, so that each event changes it in place: a `Run` stored in the dictionary
    /// was moved out and back for every event (a few hundred bytes), and copied whole when read as an
    /// optional. The box is the run's only owner: appending never copies its events.
    private final class OpenRun {
        /// Only the tracker, one event at a time, touches it.
        @exclusivity(unchecked) var run: Run
        init(_ run: Run) { self.run = run }
    }

    // Keyed by PID, -1 when lines carry none. Unchecked: one caller, one event at a time, and the
    // checks on every event's several reads cost more than the rest of the lookup.
    @exclusivity(unchecked) private var open: [Int: OpenRun] = [:]
    @exclusivity(unchecked) private var lastKey = -1
    /// The open run of `lastKey`, if known: most events continue the run of the event before, and
    /// the dictionary's lookup was most of what adding them cost.
    @exclusivity(unchecked) private var lastBox: OpenRun?
    package private(set) var runCount = 0
    /// What the open runs keep, counted as `RetentionBudget` does; never above its `hard` bound
    /// plus the events kept per kind.
    @exclusivity(unchecked) package private(set) var retainedBytes = 0

    /// Events further apart than this in one process belong to different invocations.
    static let gap: Int64 = 3600

    /// Patterns whose hits the budget does not count, matched or not yet (`DeferredPatterns`), so
    /// what is kept does not depend on when they were matched.
    private let uncounted: DeferredPatterns?
    /// Matches what the classifier deferred on an event about to be cut or counted by kind.
    private let deferred: DeferredMatcher?

    package init(input: Int, flagVersion: ResticVersion?, catalog: RuleCatalog, deferred: DeferredMatcher? = nil) {
        self.input = input
        self.flagVersion = flagVersion
        self.catalog = catalog
        self.deferred = deferred
        uncounted = deferred?.patterns
    }

    var hasOpenRuns: Bool { !open.isEmpty }

    /// Adds an event to its run; returns the runs it closed: the run it starts anew, and runs of other
    /// processes silent for twice `gap`, so interleaved journald logs do not hold every run until the
    /// input ends. After `gap` nothing more can join them (their process would start a new run); the
    /// second `gap` leaves room for a multi-line block of theirs that the classifier still holds while
    /// other processes' lines pass.
    /// Consuming, down to the run's events: a copy cost a retain and release of its text and hits.
    package func add(_ event: consuming LogEvent) -> [Run] {
        // The service manager reports on the restic process it ran; its lines belong to that run.
        let key = event.pid == 1 ? lastKey : event.pid ?? -1
        // A wrapper prints the command line, then restic's own lines come from a child with another
        // PID: a run that holds only a command line continues in the new process.
        if key != lastKey, open.index(forKey: key) == nil, let pending = open[lastKey], !pending.run.hasBody,
           pending.run.startStages == [1] {
            open[lastKey] = nil
            pending.run.pid = event.pid
            open[key] = pending
        }
        if key != lastKey { lastBox = nil }
        lastKey = key
        var closed: [Run] = []
        if open.count > 1, let now = event.timestamp {
            closed = close { other, box in
                other != key && box.run.lastTimestamp.map { now.seconds - $0.seconds > 2 * RunTracker.gap } ?? false
            }
        }
        // Changed in place in its box. A new run, empty, never starts another.
        let box: OpenRun
        if let known = lastBox {
            box = known
        } else if let existing = open[key] {
            box = existing
        } else {
            box = OpenRun(newRun(at: event))
            open[key] = box
        }
        if lastBox !== box { lastBox = box }  // storing the same box again retained and released it
        if startsNewRun(box, with: event) {
            retainedBytes -= box.run.retainedBytes
            closed.append(box.run)
            box.run = newRun(at: event)
        }
        append(consume event, to: &box.run)
        return closed
    }

    /// Closes the runs that printed their end (a fatal error, a saved snapshot): on a live input
    /// nothing else may come for a long time.
    package func closeEnded() -> [Run] {
        close { _, box in box.run.ended || box.run.completedBackup }
    }

    /// Closes every open run, oldest first: the input ended or went quiet.
    package func closeAll() -> [Run] {
        close { _, _ in true }
    }

    /// Closes the runs `shouldClose` picks, oldest first. Asked on every event of interleaved
    /// processes, and nearly always nothing closes: that answer allocates nothing.
    private func close(where shouldClose: (Int, OpenRun) -> Bool) -> [Run] {
        guard open.contains(where: { shouldClose($0.key, $0.value) }) else { return [] }
        let keys = open.keys.filter { shouldClose($0, open[$0]!) }.sorted { open[$0]!.run.id < open[$1]!.run.id }
        return keys.compactMap(take)
    }

    /// Removes a run that closes; what it kept no longer counts.
    private func take(_ key: Int) -> Run? {
        guard let box = open.removeValue(forKey: key) else { return nil }
        if key == lastKey { lastBox = nil }
        retainedBytes -= box.run.retainedBytes
        return box.run
    }

    /// Keeps the event in its run as far as `RetentionBudget` allows, or counts it as dropped.
    private func retain(_ event: consuming LogEvent, in run: inout Run) {
        guard run.events.count < Run.eventCap else {
            run.droppedEvents += 1
            return
        }
        let compact = retainedBytes >= RetentionBudget.whole
        // Cutting the text changes what a deferred pattern would match, and the kinds count its hits.
        var kept = consume event
        if compact { kept = RetentionBudget.compacted(resolved(kept)) }
        let size = RetentionBudget.size(of: kept, uncounted: uncounted)
        if retainedBytes + size > RetentionBudget.hard {
            let kinds = RetentionBudget.kinds(of: resolved(kept))
            guard kinds.contains(where: { run.keptBeyondBudget[$0, default: 0] < RetentionBudget.perKind }) else {
                run.droppedEvents += 1
                return
            }
            for kind in kinds { run.keptBeyondBudget[kind, default: 0] += 1 }
        }
        run.events.append(kept)
        if compact { run.compactedEvents += 1 }
        run.retainedBytes += size
        retainedBytes += size
    }

    /// The event with every pattern the classifier deferred on it matched.
    private func resolved(_ event: LogEvent) -> LogEvent {
        guard event.deferred != 0, let deferred else { return event }
        var event = event
        deferred.resolveAll(&event)
        return event
    }

    /// Reads the run in its box: a `Run` argument taken from the box was copied whole for every event.
    private func startsNewRun(_ box: OpenRun, with event: LogEvent) -> Bool {
        if let last = box.run.lastTimestamp, let elapsed = event.timestamp?.seconds(since: last), elapsed > RunTracker.gap {
            return true
        }
        if let stage = event.marker?.startStage { return box.run.hasBody || box.run.startStages.contains(stage) }
        if box.run.ended { return event.marker != .exitTrailer }
        return false
    }

    private func newRun(at event: LogEvent) -> Run {
        runCount += 1
        var run = Run(id: runCount, input: input, startLine: event.line, endLine: event.endLine, pid: event.pid)
        if let flagVersion { run.version = .flag(flagVersion) }
        return run
    }

    private func append(_ event: consuming LogEvent, to run: inout Run) {
        run.endLine = max(run.endLine, event.endLine)
        if let timestamp = event.timestamp { run.lastTimestamp = timestamp }
        switch event.marker {
        case .banner(let version)?:
            if let version { adopt(.banner(version, line: event.line), into: &run) }
        case .commandLine(let command, let version, let text)?:
            run.command = command
            run.commandLine = text
            if let version { adopt(.path(version, line: event.line), into: &run) }
        case .versionStatement(let version)?:
            adopt(.wrapper(version, line: event.line), into: &run)
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
        // The records, not the hits: iterating the hits copied them through a generic witness.
        for hit in event.hits.records {
            if let implied = catalog.rules[Int(hit.rule)].patterns[Int(hit.pattern)].implies { narrow(&run, by: implied, line: event.line) }
        }
        retain(consume event, in: &run)
    }

    private func adopt(_ evidence: VersionEvidence, into run: inout Run) {
        if evidence.strength > run.version.strength { run.version = evidence }
    }

    /// Message shapes narrow the possible versions; an empty intersection means the hints disagree
    /// (a log edited by hand, or a misread), so the narrower hint is ignored.
    private func narrow(_ run: inout Run, by range: VersionRange, line: Int) {
        run.noteVersionHint(range, line: line)
        let narrowed = run.inferredRange.intersection(range)
        guard !narrowed.isEmpty else { return }
        run.inferredRange = narrowed
        if run.inferredLine == nil { run.inferredLine = line }
        adopt(.inferred(narrowed, line: run.inferredLine!), into: &run)
        if case .inferred = run.version { run.version = .inferred(narrowed, line: run.inferredLine!) }
    }
}
