/// Turns normalized messages into events: every rule pattern and run marker that matches, with the
/// already-locked and invalid-lock blocks joined into one multi-line message first.
final class EventClassifier {
    private let catalog: RuleCatalog
    private let markers = RunMarkerClassifier()
    private let matchData = MatchData()
    static let blockHeadExpression = #"repository is already locked|invalid lock file"#
    static let blockContinuationExpression = #"^(?:lock was created at |storage ID |the `unlock(?: --remove-all)?` command can be used)"#
    private let blockHead = try! PCRE2Regex(EventClassifier.blockHeadExpression)
    private let blockContinuation = try! PCRE2Regex(EventClassifier.blockContinuationExpression)
    private var pending: LogEvent?
    /// Every rule pattern, flattened once: the per-message loop must not copy rules.
    private let patterns: [(rule: Int, index: Int, pattern: CompiledPattern)]
    private let literals: MessageLiterals
    /// Patterns that failed to match a line (the match limit), for the report.
    private(set) var problems: [EngineProblem] = []

    /// Physical lines a block's continuation may lag behind its head (a blank line sits between the
    /// invalid-lock error and its hint).
    static let blockReach = 3

    /// Only this much of one message is matched against the rules: restic's messages are far shorter,
    /// and an unanchored pattern with a lookahead costs the square of the length on a hostile line.
    static let messageLimit = 1 << 14

    /// Raw-line literals the block joiner needs to see.
    static let literals = ["already locked", "invalid lock file", "lock was created at", "storage ID", "command can be used"]

    init(catalog: RuleCatalog) {
        self.catalog = catalog
        patterns = catalog.rules.enumerated().flatMap { r, rule in rule.patterns.enumerated().map { (r, $0, $1) } }
        literals = MessageLiterals(patterns.map(\.pattern), markerLiterals: RunMarkerClassifier.literals,
                                   blockLiterals: EventClassifier.literals)
    }

    /// Whether one plain message (bytes after the wrapper prefixes: ASCII, no JSON, no colour codes)
    /// could make an event. False only when no pattern, run marker or block can match it, so such a
    /// line, most of those a listing's paths let through, is never decoded; anything else takes the
    /// full path, which decides.
    func mayRecognise(_ message: UnsafeBufferPointer<UInt8>) -> Bool {
        // Any message may continue or end a pending block.
        guard pending == nil else { return true }
        let text = UnsafeBufferPointer(rebasing: message.prefix(EventClassifier.messageLimit))
        let found = literals.select(text)
        if found.blockLiteral || (found.markerLiteral && markers.mayMark(text)) { return true }
        for k in literals.candidates {
            do {
                if try patterns[k].pattern.regex.firstMatch(in: text, using: matchData) != nil { return true }
            } catch {
                return true  // the full path reports the failure
            }
        }
        return false
    }

    /// Classifies the messages of one physical line; returns whether any of them was recognised.
    func classify(line: Int, _ normalized: NormalizedLine, emit: (LogEvent) -> Void) -> Bool {
        var recognised = false
        for whole in normalized.messages where !whole.isEmpty {
            let message = whole.utf8.count > EventClassifier.messageLimit
                ? String(decoding: whole.utf8.prefix(EventClassifier.messageLimit), as: UTF8.self) : whole
            if var block = pending {
                // A line of another process (interleaved journald output) neither continues nor ends the block.
                let pid = normalized.prefix.pid
                let otherProcess = block.pid != nil && pid != nil && pid != 1 && pid != block.pid
                if !otherProcess, line - block.endLine <= EventClassifier.blockReach,
                   (try? blockContinuation.matches(message, using: matchData)) == true {
                    block.text += "\n" + message
                    block.endLine = line
                    pending = block
                    recognised = true
                    continue
                }
                if !otherProcess || (try? blockHead.matches(message, using: matchData)) == true { flush(emit: emit) }
            }
            let event = LogEvent(line: line, endLine: line, text: message, timestamp: normalized.prefix.timestamp,
                                 pid: normalized.prefix.pid, hits: [], marker: nil)
            if (try? blockHead.matches(message, using: matchData)) == true {
                pending = event
                recognised = true
                continue
            }
            if let complete = recognise(event) {
                emit(complete)
                recognised = true
            }
        }
        return recognised
    }

    /// Emits a block still waiting for continuation lines (call at end of input).
    func flush(emit: (LogEvent) -> Void) {
        guard let block = pending else { return }
        pending = nil
        emit(recognise(block) ?? block)
    }

    private func recognise(_ event: LogEvent) -> LogEvent? {
        var event = event
        event.marker = markers.classify(event.text)
        literals.select(event.text)
        for k in literals.candidates {
            let (r, p, pattern) = patterns[k]
            let captured: [String: String]?
            do {
                captured = try pattern.regex.captures(in: event.text, using: matchData)
            } catch {
                // A pathological pattern fails this line and is reported; it never hangs the run.
                problems.append(EngineProblem(rule: catalog.rules[r].id, pattern: pattern.name, line: event.line, message: "\(error)"))
                continue
            }
            guard var fields = captured else { continue }
            DerivedFields.derive(&fields, captureNames: pattern.captureNames, timestamp: event.timestamp)
            event.hits.append(PatternHit(rule: r, pattern: p, fields: fields))
        }
        return event.hits.isEmpty && event.marker == nil ? nil : event
    }
}
