/// The empty built-in catalogue of a fuzzing build, which compiles no rules in (see Package.swift) and
/// loads `rules/` from the checkout instead.
extension BuiltinRules {
    static let files: [RuleSourceFile] = []
    static let version = RuleSourceFile.version(of: files)
}
