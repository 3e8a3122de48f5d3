import ResticFormats
import ResticLintMatching
import ResticLintRules
import ResticLintModel

/// Turns normalized messages into events: every rule pattern and run marker that matches, with the
/// already-locked and invalid-lock blocks joined into one multi-line message first.
package final class EventClassifier {
    let catalog: RuleCatalog
    let markers = RunMarkerClassifier()
    private let matchData = MatchData()
    private let matchOffsets: MatchOffsets
    static let blockHeadExpression = #"repository is already locked|invalid lock file"#
    static let blockContinuationExpression = #"^(?:lock was created at |storage ID |the `unlock(?: --remove-all)?` command can be used)"#
    /// The tail of an already-locked block whose head a wrapper cut off (`systemctl status` shows the
    /// last lines only) still starts a block, so the tail is one message.
    static let headlessTailExpression = #"^(?:lock was created at |storage ID )"#
    private static let blockHeadPattern = try! PCRE2Regex(blockHeadExpression)
    private static let blockContinuationPattern = try! PCRE2Regex(blockContinuationExpression)
    private static let headlessTailPattern = try! PCRE2Regex(headlessTailExpression)
    private let blockHead = EventClassifier.blockHeadPattern
    private let blockContinuation = EventClassifier.blockContinuationPattern
    private let headlessTail = EventClassifier.headlessTailPattern
    var pending: LogEvent?
    /// Every rule pattern, flattened once: the per-message loop must not copy rules.
    let patterns: [(rule: Int, index: Int, pattern: CompiledPattern)]
    /// Each pattern's matcher, unretained: `patterns` owns them for the classifier's life. Read from
    /// there, every match retained and released the pattern and its matcher (atomic operations).
    let matchers: [Unmanaged<PatternMatcher>]
    private let hitFields: HitFieldsBuilder
    /// Per pattern, its bit among the patterns left unmatched on messages recognised without them
    /// (`DeferredPatterns`); nil for every pattern when none are.
    let deferredBit: [UInt8?]
    private let defersAny: Bool
    let literals: MessageLiterals
    /// Every literal the prefilter looks for in a physical line.
    private let prefilterLiterals: [String]
    /// Patterns that failed to match a line (the match limit), for the report.
    package private(set) var problems: [EngineProblem] = []
    /// Told every decision when set (`--explain-line`); nil on the normal path.
    var trace: ((ClassifierTrace) -> Void)?

    /// The message `literals.candidates` was last selected for, kept only when `mayRecognise` passes
    /// it on: such a plain line reaches `recognise` with the same bytes right after, and the selection
    /// depends on the bytes alone, so the second automaton pass is skipped. A rejected line is not
    /// copied. Nil `selectedFound` means the last selection is not kept.
    let selectedBytes = KeptBytes(capacity: EventClassifier.messageLimit)
    var selectedFound: MessageLiterals.Found?
    /// Where in `candidates` the pattern that let the kept message pass is; its match is still in
    /// `acceptedMatch` (no other match uses that), and the candidates tried before it (`place`) did not
    /// match the same bytes. So `recognise` matches none of them again.
    var acceptedCandidate: Int?
    let acceptedMatch = MatchData()
    private let acceptedOffsets: MatchOffsets

    /// A message's literal selection, and `acceptedCandidate` when it is the kept message's.
    typealias Selection = (found: MessageLiterals.Found, accepted: Int?)

    /// Physical lines a block's continuation may lag behind its head (a blank line sits between the
    /// invalid-lock error and its hint).
    static let blockReach = 3

    /// Only this much of one message is matched against the rules and kept (`MessageCut`).
    static let messageLimit = MessageCut.limit
    /// Messages longer than `messageLimit`, classified on their head only.
    package internal(set) var cutMessages = 0

    /// Raw-line literals the block joiner needs to see. Go's JSON encoder (docker's json-file log)
    /// writes restic's `<lock/...>` as `\u003clock/...`, hiding the rules' `Load(<` literals; the escape
    /// only occurs where restic printed a `<`, so it stays a precise literal.
    static let literals = ["already locked", "invalid lock file", "lock was created at", "storage ID", "command can be used", "\\u003c"]

    /// `deferring`: the patterns to leave to the correlation where it can resolve them (`DeferredMatcher`);
    /// without it every candidate pattern is matched here.
    package init(catalog: RuleCatalog, deferring: DeferredPatterns? = nil) {
        self.catalog = catalog
        defersAny = !(deferring?.isEmpty ?? true)
        prefilterLiterals = Prefilter(catalog: catalog).literals
        patterns = catalog.rules.enumerated().flatMap { r, rule in rule.patterns.enumerated().map { (r, $0, $1) } }
        matchers = patterns.map { Unmanaged.passUnretained($0.pattern.matcher) }
        matchOffsets = matchData.offsets
        acceptedOffsets = acceptedMatch.offsets
        hitFields = HitFieldsBuilder(patterns.map(\.pattern))
        deferredBit = deferring?.bit ?? Array(repeating: nil, count: patterns.count)
        literals = MessageLiterals(patterns.map(\.pattern), markerLiterals: RunMarkerClassifier.messageLiterals,
                                   blockLiterals: EventClassifier.literals)
    }

    /// A terminal copy cuts a long line at the terminal's width and goes on in the next line, which
    /// lacks the wrapper's prefix. A prefixed line exactly that wide waits for the next line; when
    /// that one has no prefix, the two are one message.
    private var wrapHead: (line: Int, normalized: NormalizedLine)?
    static let terminalWidths: Set<Int> = [80, 100, 120, 132, 160, 200]

    /// Classifies the messages of one physical line; returns how many physical lines were recognised
    /// (a line that may be cut at the terminal's width is decided with the next one).
    package func classify(line: Int, _ normalized: NormalizedLine, emit: (consuming LogEvent) -> Void) -> Int {
        var recognised = 0
        if let head = wrapHead {
            wrapHead = nil
            if line == head.line + 1, !normalized.hasPrefix, normalized.parts.count == 1, var joined = Optional(head.normalized) {
                joined.parts[joined.parts.count - 1].text += normalized.parts[0].text
                trace?(.joinedHardWrap(line: line))
                return classifyMessages(line: head.line, joined, emit: emit) ? 2 : 0
            }
            if classifyMessages(line: head.line, head.normalized, emit: emit) { recognised += 1 }
        }
        if normalized.hasPrefix, EventClassifier.terminalWidths.contains(normalized.width) {
            wrapHead = (line, normalized)
            return recognised
        }
        return recognised + (classifyMessages(line: line, normalized, emit: emit) ? 1 : 0)
    }

    private func classifyMessages(line: Int, _ normalized: NormalizedLine, emit: (consuming LogEvent) -> Void) -> Bool {
        var recognised = false
        for p in normalized.parts.indices where !normalized.parts[p].text.isEmpty {
            let (message, cutBytes) = MessageCut.head(of: normalized.parts[p].text)
            let (pid, timestamp) = (normalized.parts[p].prefix.pid, normalized.parts[p].prefix.timestamp)
            if cutBytes > 0 { cutMessages += 1 }
            if var block = pending {
                // A line of another process (interleaved journald output) neither continues nor ends the block.
                let otherProcess = block.pid != nil && pid != nil && pid != 1 && pid != block.pid
                // restic writes a block at once, so another process's line stamped well after it ends the
                // block: held longer, it would reach its run after the tracker closed that run as silent.
                let afterBlock = otherProcess && EventClassifier.isWellAfter(timestamp, block.timestamp)
                if !otherProcess, line - block.endLine <= EventClassifier.blockReach,
                   (try? blockContinuation.matches(message, using: matchData)) == true {
                    block.text += "\n" + message
                    block.cutBytes += cutBytes
                    block.endLine = line
                    pending = block
                    recognised = true
                    trace?(.joinedToBlock(headLine: block.line, message: message))
                    continue
                }
                // Within a record holding many lines, a line without any literal is one the prefilter
                // would never have delivered as a line of its own: it does not end the block either.
                if normalized.parts.count > 1, !otherProcess, !prefilterLiterals.contains(where: { message.containsBytes($0) }) { continue }
                if !otherProcess || afterBlock || (try? blockHead.matches(message, using: matchData)) == true { flushBlock(emit: emit) }
            }
            let kept = keptSelection(message)
            let startsBlock = mayStartBlock(kept) && ((try? blockHead.matches(message, using: matchData)) == true
                || (pending == nil && (try? headlessTail.matches(message, using: matchData)) == true))
            if startsBlock { trace?(.startedBlock(message: message)) }
            // The message is moved into its event, which a copy would retain and release.
            let event = LogEvent(line: line, endLine: line, text: consume message, timestamp: timestamp,
                                 pid: pid, hits: EventHits(), marker: nil, cutBytes: cutBytes)
            if startsBlock {
                pending = event
                recognised = true
                continue
            }
            if let complete = recognise(consume event, kept: kept) {
                emit(complete)
                recognised = true
            }
        }
        return recognised
    }

    /// Emits a block still waiting for continuation lines (call at end of input).
    /// Classifies what still waits at the end of input; returns the lines recognised.
    package func flush(emit: (consuming LogEvent) -> Void) -> Int {
        var recognised = 0
        if let head = wrapHead {
            wrapHead = nil
            if classifyMessages(line: head.line, head.normalized, emit: emit) { recognised = 1 }
        }
        flushBlock(emit: emit)
        return recognised
    }

    /// Whether `time` is more than a minute after `blockTime`; stamps that cannot be compared say nothing.
    private static func isWellAfter(_ time: WallClock?, _ blockTime: WallClock?) -> Bool {
        guard let time, let blockTime, let elapsed = time.seconds(since: blockTime) else { return false }
        return elapsed > 60
    }

    private func flushBlock(emit: (consuming LogEvent) -> Void) {
        guard let block = pending else { return }
        pending = nil
        emit(recognise(block) ?? block)
    }

    /// Consuming: a copy of the event cost a retain and release of its text and hits. `kept`: the
    /// message's selection when it is the kept message (`keptSelection`); without it, `select`
    /// compares and selects.
    private func recognise(_ event: consuming LogEvent, kept: Selection? = nil) -> LogEvent? {
        var text = event.text
        let (found, acceptedPosition) = kept ?? text.withUTF8 { select($0) }
        // The marker alternation needs a marker literal, or `restic` for a versioned binary's command
        // line (`restic-2.0.0 backup`); most events of a retry storm have neither.
        if found.markerLiteral || found.restic { event.marker = markers.classify(event.text) }
        let candidates = literals.candidates
        let accepted = acceptedPosition.map { place($0, candidates[$0]) }
        if let trace { traceSkipped(candidates, message: event.text, marker: event.marker, trace) }
        // The trace shows every pattern's outcome, so it matches them all.
        let defers = defersAny && trace == nil
        let (line, timestamp) = (event.line, event.timestamp)
        var deferred: UInt64 = 0
        var failed = 0
        text.withUTF8 { bytes in
            hitFields.start(bytes)
            for (position, k) in candidates.enumerated() {
                // The candidates `mayMatch` tried before the accepted one are known not to match: nothing to defer.
                if defers, let bit = deferredBit[k], accepted.map({ place(position, k) > $0 }) ?? true {
                    deferred |= 1 << UInt64(bit)
                    continue
                }
                if !match(k, at: place(position, k), accepted: accepted, in: bytes, line: line, timestamp: timestamp) { failed += 1 }
            }
            event.hits = hitFields.finish()
            // Whether a message is an event at all must not wait: with nothing else recognised, it rests
            // on the deferred patterns alone.
            if deferred != 0, event.hits.isEmpty, event.marker == nil {
                for (position, k) in candidates.enumerated() where deferredBit[k].map({ deferred >> UInt64($0) & 1 != 0 }) ?? false {
                    if !match(k, at: place(position, k), accepted: accepted, in: bytes, line: line, timestamp: timestamp) { failed += 1 }
                }
                deferred = 0
                event.hits = hitFields.finish()
                if failed > 1 { orderProblems(from: problems.count - failed) }
            }
        }
        event.deferred = deferred
        if event.hits.isEmpty && event.marker == nil { return nil }
        return consume event
    }

    /// Puts one message's problems, `problems[first...]`, back in catalogue order, which matching the
    /// deferred patterns after the others upset.
    private func orderProblems(from first: Int) {
        let place = { (problem: EngineProblem) in
            self.patterns.firstIndex { self.catalog.rules[$0.rule].id == problem.rule && $0.pattern.name == problem.pattern } ?? 0
        }
        problems[first...].sort { place($0) < place($1) }
    }

    /// Matches candidate `k` (at `position` in `mayMatch`'s order, as `accepted`: `place`) on the message
    /// and gathers its hit; false when the match failed (the problem is recorded).
    private func match(_ k: Int, at position: Int, accepted: Int?, in bytes: UnsafeBufferPointer<UInt8>,
                       line: Int, timestamp: WallClock?) -> Bool {
        // The pattern itself is read only off the hot path: a copy of it is a retain and a release.
        let (r, p) = (patterns[k].rule, patterns[k].index)
        let matched: Bool
        do {
            if let accepted, position <= accepted {
                matched = position == accepted
            } else {
                matched = try matchers[k]._withUnsafeGuaranteedRef { try $0.firstMatch(in: bytes, using: matchData) } != nil
            }
        } catch {
            let pattern = patterns[k].pattern
            // A pathological pattern fails this line and is reported; it never hangs the run.
            problems.append(EngineProblem(rule: catalog.rules[r].id, pattern: pattern.name, line: line, message: "\(error)"))
            trace?(.pattern(rule: catalog.rules[r].id, pattern: pattern.name, .failed("\(error)")))
            return false
        }
        guard matched else {
            guard let trace else { return true }
            let pattern = patterns[k].pattern
            let exclusion = try? pattern.matcher.exclusion(in: bytes, using: MatchData())
            trace(.pattern(rule: catalog.rules[r].id, pattern: pattern.name, exclusion.map { .excluded($0.pattern) } ?? .noMatch))
            return true
        }
        hitFields.gather(k, rule: r, pattern: p, matchedIn: accepted == position ? acceptedOffsets : matchOffsets,
                         at: timestamp)
        trace?(.pattern(rule: catalog.rules[r].id, pattern: patterns[k].pattern.name, .matched(hitFields.lastHitDictionary)))
        return true
    }
}
