import Foundation
#if canImport(Glibc)
import Glibc
#endif
import ResticLintMatching

/// Every rule in force, in evaluation order, with where each came from.
public struct RuleCatalog: Sendable {
    public let rules: [Rule]
    /// Names the exact rule files in force (see `RuleSourceFile.version(of:)`); reports carry it.
    public let version: String

    public init(rules: [Rule], version: String = "unversioned") {
        self.rules = rules.sorted { ($0.definition.precedence, $0.id) < ($1.definition.precedence, $1.id) }
        self.version = version
    }

    public func rule(_ id: String) -> Rule? { rules.first { $0.id == id } }

    /// The built-in catalogue (when `builtin`), then every `*.yml`/`*.yaml` file in the given folders
    /// (a folder may also be a single file). Later files may not redefine an id: rule ids are a public
    /// contract. Only `replacingBuiltins` lets a given rule take the place of the built-in one of its id:
    /// testing an edited copy of the shipped rules, where everything else stays in force.
    public static func load(from locations: [String], builtin: Bool = false) throws -> RuleCatalog {
        try load(from: locations, builtin: builtin, replacingBuiltins: false)
    }

    public static func load(from locations: [String], builtin: Bool, replacingBuiltins: Bool) throws -> RuleCatalog {
        var given: [RuleSourceFile] = []
        for location in locations { given += try ruleFiles(at: location).map(RuleSourceFile.init(readingPath:)) }
        guard builtin else { return try load(given) }
        let builtins = try builtinSet()
        return try load(builtins.files + given, replaceable: replacingBuiltins ? builtins.files.count : 0,
                        version: given.isEmpty ? builtins.version : nil)
    }

    public static func parse(_ text: String, file: String) throws -> RuleCatalog {
        try load([RuleSourceFile(name: file, text: text)])
    }

    /// The rules compiled into the binary, or the folder `$RESTICLINT_RULES` names instead (for
    /// trying edited rules on a built binary; `--no-builtin-rules --rules DIR` does the same per call).
    public static func builtinFiles() throws -> [RuleSourceFile] { try builtinSet().files }

    /// The built-in files, with their version when it is known without hashing them: the rule embedder
    /// computed it at build time for the compiled-in files.
    /// `getenv` rather than `ProcessInfo.environment`, which copies the whole environment into a dictionary.
    static func builtinSet() throws -> (files: [RuleSourceFile], version: String?) {
        if let folder = getenv("RESTICLINT_RULES").map({ String(cString: $0) }), !folder.isEmpty {
            return (try ruleFiles(at: folder).map(RuleSourceFile.init(readingPath:)), nil)
        }
        return (BuiltinRules.files.map { RuleSourceFile(name: "rules/\($0.name)", text: $0.text) }, BuiltinRules.version)
    }

    /// The version of the built-in catalogue, for `--version`: the same as a report's when no `--rules` is given.
    public static var builtinVersion: String {
        guard let builtins = try? builtinSet() else { return RuleSourceFile.version(of: []) }
        return builtins.version ?? RuleSourceFile.version(of: builtins.files)
    }

    /// The first `replaceable` files hold rules that a later file may redefine.
    /// `version`, when known, is `RuleSourceFile.version(of: files)`.
    static func load(_ files: [RuleSourceFile], replaceable: Int = 0, version: String? = nil) throws -> RuleCatalog {
        var rules: [Rule] = []
        var origin: [String: (source: PatternSource, file: Int)] = [:]
        for (index, file) in files.enumerated() {
            for definition in try RuleParser.parse(file.text, file: file.name) {
                if let first = origin[definition.id] {
                    guard first.file < replaceable, index >= replaceable else {
                        throw RuleFileError(file: file.name, line: definition.source.line, column: definition.source.column,
                                            message: "duplicate rule id '\(definition.id)' (first defined at \(first.source))")
                    }
                    rules.removeAll { $0.id == definition.id }
                }
                origin[definition.id] = (definition.source, index)
                rules.append(try compile(definition))
            }
        }
        return RuleCatalog(rules: rules, version: version ?? RuleSourceFile.version(of: files))
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
}
