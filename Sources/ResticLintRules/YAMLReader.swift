import Yams

/// Reads a Yams node tree against a schema: every wrong type or unknown key becomes a
/// `RuleFileError` with the file, line and column of the offending node.
package struct YAMLReader {
    package let file: String
    package let node: Node
    /// Where `node` sits (`correlate.where.error.not_matches`, `examples.triggering[2]`), spelled out
    /// only when an error names it: building the text for every node was a tenth of reading a rule.
    private let location: Location?

    package init(file: String, node: Node, path: String) {
        self.init(file: file, node: node, location: path.isEmpty ? nil : Location(parent: nil, step: .key(path)))
    }

    private init(file: String, node: Node, location: Location?) {
        self.file = file
        self.node = node
        self.location = location
    }

    package var path: String { location?.path ?? "" }

    private final class Location: Sendable {
        enum Step { case key(String), index(Int) }
        let parent: Location?
        let step: Step

        init(parent: Location?, step: Step) {
            self.parent = parent
            self.step = step
        }

        var path: String {
            let above = parent?.path ?? ""
            switch step {
            case .key(let key): return above.isEmpty ? key : "\(above).\(key)"
            case .index(let index): return "\(above)[\(index)]"
            }
        }
    }

    private func child(_ step: Location.Step, _ node: Node) -> YAMLReader {
        YAMLReader(file: file, node: node, location: Location(parent: location, step: step))
    }

    package func error(_ message: String, at node: Node? = nil) -> RuleFileError {
        let mark = (node ?? self.node).mark
        return RuleFileError(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0,
                             message: path.isEmpty ? message : "\(path): \(message)")
    }

    package func mapping(allowed keys: Set<String>) throws -> [(key: String, value: YAMLReader)] {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping") }
        var seen = Set<String>()
        return try mapping.map { pair in
            guard let key = pair.key.string else { throw error("keys must be strings", at: pair.key) }
            guard keys.contains(key) else {
                throw error("unknown field '\(key)' (expected one of: \(keys.sorted().joined(separator: ", ")))", at: pair.key)
            }
            guard seen.insert(key).inserted else { throw error("duplicate field '\(key)'", at: pair.key) }
            return (key, child(.key(key), pair.value))
        }
    }

    /// Keys of a mapping whose keys are names chosen by the author (pattern names, field names).
    package func namedEntries() throws -> [(key: String, value: YAMLReader, keyNode: Node)] {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping") }
        var seen = Set<String>()
        return try mapping.map { pair in
            guard let key = pair.key.string else { throw error("keys must be strings", at: pair.key) }
            guard seen.insert(key).inserted else { throw error("duplicate name '\(key)'", at: pair.key) }
            return (key, child(.key(key), pair.value), pair.key)
        }
    }

    package func string() throws -> String {
        guard case .scalar(let scalar) = node else { throw error("expected a string") }
        return scalar.string
    }

    package func int() throws -> Int {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string) else { throw error("expected an integer") }
        return value
    }

    package func double() throws -> Double {
        guard case .scalar(let scalar) = node, let value = Double(scalar.string) else { throw error("expected a number") }
        return value
    }

    package func bool() throws -> Bool {
        guard case .scalar(let scalar) = node else { throw error("expected true or false") }
        switch scalar.string.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default: throw error("expected true or false")
        }
    }

    package func sequence() throws -> [YAMLReader] {
        guard case .sequence(let sequence) = node else { throw error("expected a list") }
        return sequence.enumerated().map { child(.index($0), $1) }
    }

    /// A list, or a single item standing for a one-item list.
    package func list() throws -> [YAMLReader] {
        if case .sequence = node { return try sequence() }
        return [self]
    }

    package func strings() throws -> [String] { try list().map { try $0.string() } }

    var line: Int { node.mark?.line ?? 0 }
    var column: Int { node.mark?.column ?? 0 }
}
