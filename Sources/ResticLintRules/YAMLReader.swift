import Yams

/// Reads a Yams node tree against a schema: every wrong type or unknown key becomes a
/// `RuleFileError` with the file, line and column of the offending node.
package struct YAMLReader {
    package let file: String
    package let node: Node
    package let path: String

    package init(file: String, node: Node, path: String) {
        self.file = file
        self.node = node
        self.path = path
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
            return (key, YAMLReader(file: file, node: pair.value, path: path.isEmpty ? key : "\(path).\(key)"))
        }
    }

    /// Keys of a mapping whose keys are names chosen by the author (pattern names, field names).
    package func namedEntries() throws -> [(key: String, value: YAMLReader, keyNode: Node)] {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping") }
        var seen = Set<String>()
        return try mapping.map { pair in
            guard let key = pair.key.string else { throw error("keys must be strings", at: pair.key) }
            guard seen.insert(key).inserted else { throw error("duplicate name '\(key)'", at: pair.key) }
            return (key, YAMLReader(file: file, node: pair.value, path: path.isEmpty ? key : "\(path).\(key)"), pair.key)
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
        return sequence.enumerated().map { YAMLReader(file: file, node: $1, path: "\(path)[\($0)]") }
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
