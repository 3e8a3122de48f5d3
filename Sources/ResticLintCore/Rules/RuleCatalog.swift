import Foundation

/// Every rule in force, in evaluation order, with where each came from.
public struct RuleCatalog: Sendable {
    public let rules: [Rule]

    public init(rules: [Rule]) {
        self.rules = rules.sorted { ($0.definition.precedence, $0.id) < ($1.definition.precedence, $1.id) }
    }

    public func rule(_ id: String) -> Rule? { rules.first { $0.id == id } }

    /// Loads every `*.yml`/`*.yaml` file in the given folders (a folder may also be a single file).
    /// Later folders may not redefine an id: rule ids are a public contract.
    public static func load(from locations: [String]) throws -> RuleCatalog {
        var rules: [Rule] = []
        var origin: [String: PatternSource] = [:]
        for location in locations {
            for file in try ruleFiles(at: location) {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw RuleFileError(file: file, line: 0, column: 0, message: "cannot read rule file")
                }
                for definition in try RuleParser.parse(String(decoding: data, as: UTF8.self), file: file) {
                    if let first = origin[definition.id] {
                        throw RuleFileError(file: file, line: definition.source.line, column: definition.source.column,
                                            message: "duplicate rule id '\(definition.id)' (first defined at \(first))")
                    }
                    origin[definition.id] = definition.source
                    rules.append(try compile(definition))
                }
            }
        }
        return RuleCatalog(rules: rules)
    }

    public static func parse(_ text: String, file: String) throws -> RuleCatalog {
        RuleCatalog(rules: try RuleParser.parse(text, file: file).map(compile))
    }

    static func ruleFiles(at location: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: location, isDirectory: &isDirectory) else {
            throw RuleFileError(file: location, line: 0, column: 0, message: "no such rule file or folder")
        }
        guard isDirectory.boolValue else { return [location] }
        let names = try FileManager.default.contentsOfDirectory(atPath: location)
        return names.filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.sorted().map { "\(location)/\($0)" }
    }

    static func compile(_ definition: RuleDefinition) throws -> Rule {
        let rule = Rule(definition: definition, patterns: try definition.patterns.map(CompiledPattern.init))
        try RuleValidator.validate(rule)
        return rule
    }

    /// The folder of rules shipped with resticlint: `$RESTICLINT_RULES`, else a `rules/` folder beside
    /// the executable, in `../share/resticlint/rules`, or in a parent folder (a build tree inside the checkout).
    public static func shippedRulesDirectory(executablePath: String = CommandLine.arguments[0]) -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let configured = environment["RESTICLINT_RULES"], !configured.isEmpty { return configured }
        var folder = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        let manager = FileManager.default
        if manager.fileExists(atPath: folder.appendingPathComponent("../share/resticlint/rules").path) {
            return folder.appendingPathComponent("../share/resticlint/rules").standardized.path
        }
        for _ in 0..<8 {
            let candidate = folder.appendingPathComponent("rules")
            if manager.fileExists(atPath: candidate.appendingPathComponent("breaker-misfire.yml").path) { return candidate.path }
            folder.deleteLastPathComponent()
        }
        return nil
    }
}
