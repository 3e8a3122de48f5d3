import ResticLintRules

/// Says, for one input line, what each stage made of it and why each pattern matched or not: the
/// answer to "why did my rule not fire on this line?". It runs the engine's own prefilter, normalizer
/// and classifier with a trace hook, so the explanation cannot disagree with what analysis does.
package struct LineExplainer {
    let catalog: RuleCatalog
    private let prefilter: Prefilter

    package init(catalog: RuleCatalog) {
        self.catalog = catalog
        prefilter = Prefilter(catalog: catalog)
    }

    /// Explains `line` (line `number` of its input) on its own: a block continuation is shown joined
    /// only to heads on the same line.
    package func explain(_ line: String, number: Int = 1) -> [String] {
        var out: [String] = []
        let bytes = Array(line.utf8)
        let passes = bytes.withUnsafeBufferPointer { prefilter.scanner(sample: $0).firstMatch(in: $0, from: 0) != nil }
        out.append("prefilter: \(passes ? "passes (contains a literal some pattern needs)" : "skipped: contains none of the literals any pattern needs; analysis never looks further at this line")")
        let normalized = bytes.withUnsafeBufferPointer { LineNormalizer().normalize($0) }
        let classifier = EventClassifier(catalog: catalog)
        classifier.trace = { step in out.append(contentsOf: LineExplainer.describe(step)) }
        var shown: [String] = []
        for part in normalized.parts where !part.text.isEmpty {
            var said: [String] = []
            if let timestamp = part.prefix.timestamp { said.append("timestamp: \(timestamp.seconds)\(timestamp.hasYear ? "" : " (no year)")") }
            if let pid = part.prefix.pid { said.append("process: \(part.prefix.process ?? "?")[\(pid)]") }
            if said != shown { out += said }
            shown = said
        }
        var events: [LogEvent] = []
        _ = classifier.classify(line: number, normalized, emit: { events.append($0) })
        _ = classifier.flush(emit: { events.append($0) })
        if events.isEmpty { out.append("result: no event (nothing recognised)") }
        for event in events {
            out.append("event: \(event.hits.count) pattern hit(s)\(event.marker.map { ", run marker \($0)" } ?? "")")
        }
        return out
    }

    static func describe(_ step: ClassifierTrace) -> [String] {
        switch step {
        case .message(let text, let marker):
            return ["message: \(text)"] + (marker.map { ["  run marker: \($0)"] } ?? [])
        case .startedBlock(let message):
            return ["block head (continuation lines are joined to it): \(message)"]
        case .joinedToBlock(let head, let message):
            return ["joined to the block of line \(head): \(message)"]
        case .joinedHardWrap(let line):
            return ["line \(line) continues this line where the terminal cut it"]
        case .pattern(let rule, let pattern, let outcome):
            switch outcome {
            case .lacksLiterals(let literals):
                return ["  \(rule).\(pattern): no (lacks \(literals.map { "\"\($0)\"" }.joined(separator: " or ")))"]
            case .noMatch: return ["  \(rule).\(pattern): no (literal present, regex does not match)"]
            case .excluded(let exclusion): return ["  \(rule).\(pattern): no (regex matches, but its unless '\(exclusion)' occurs in the match)"]
            case .matched(let fields):
                return ["  \(rule).\(pattern): MATCH \(fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))"]
            case .failed(let error): return ["  \(rule).\(pattern): ERROR \(error)"]
            }
        }
    }
}
