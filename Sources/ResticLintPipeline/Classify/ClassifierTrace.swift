import ResticLintMatching
import ResticLintRules

/// What the classifier decided, step by step, for a caller that asked (`--explain-line`).
enum ClassifierTrace {
    enum Outcome {
        case lacksLiterals([String]), noMatch, matched([String: String]), failed(String)
        /// The regex matched, and this `unless:` entry occurs in its match.
        case excluded(String)
    }

    /// A message (or a joined block) about to be matched, with the run marker it is.
    case message(String, marker: RunMarker?)
    case startedBlock(message: String)
    case joinedToBlock(headLine: Int, message: String)
    case joinedHardWrap(line: Int)
    case pattern(rule: String, pattern: String, Outcome)
}

extension ClassifierTrace {
    /// The first literal clause of `pattern` (`literals`, then `alsoRequired`) of which `text` holds
    /// no literal.
    static func missingLiterals(of pattern: CompiledPattern, in text: String) -> [String] {
        let folded = pattern.caseInsensitive ? text.lowercased() : text
        let clauses = [pattern.literals ?? []] + pattern.alsoRequired
        return clauses.first { !$0.contains(where: folded.containsBytes) } ?? (pattern.literals ?? [])
    }
}

extension EventClassifier {
    /// For the trace: the message, and each pattern the literals ruled out with the clause it lacks.
    func traceSkipped(_ candidates: UnsafeBufferPointer<Int>, message: String, marker: RunMarker?, _ trace: (ClassifierTrace) -> Void) {
        trace(.message(message, marker: marker))
        let chosen = Set(candidates)
        for (k, entry) in patterns.enumerated() where !chosen.contains(k) {
            trace(.pattern(rule: catalog.rules[entry.rule].id, pattern: entry.pattern.name,
                           .lacksLiterals(ClassifierTrace.missingLiterals(of: entry.pattern, in: message))))
        }
    }
}
