import ArgumentParser
import ResticLintCore

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List, explain and test rules.",
        subcommands: [List.self, Explain.self, Test.self, Literals.self])

    struct RuleOptions: ParsableArguments {
        @Option(name: .long, help: "A folder or file of extra rules (repeatable).")
        var rules: [String] = []
        @Flag(name: .long, help: "Use only the --rules given, not the shipped rules.")
        var noBuiltinRules = false

        func catalog() throws -> RuleCatalog {
            try LogInputOptions.loadCatalog(extra: rules, builtin: !noBuiltinRules)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List rules: id, severity, title.")
        @OptionGroup var options: RuleOptions

        func run() throws {
            let rules = try options.catalog().rules
            let width = rules.map(\.id.count).max() ?? 0
            for rule in rules {
                let id = rule.id.padding(toLength: width, withPad: " ", startingAt: 0)
                let severity = rule.definition.severity.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
                print("\(id)  \(severity)  \(rule.definition.title)")
            }
        }
    }

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "explain", abstract: "Show a rule's rationale, affected versions, remediation, references and examples.")
        @OptionGroup var options: RuleOptions
        @Argument(help: "The rule id.") var id: String

        func run() throws {
            let catalog = try options.catalog()
            guard let rule = catalog.rule(id) else {
                throw ValidationError("no rule '\(id)'; `resticlint rules list` shows them")
            }
            let d = rule.definition
            var out = "\(d.id) (\(d.severity.rawValue)): \(d.title)\n\n\(d.summary)\n\n\(d.rationale)\n"
            if let affected = d.affected {
                out += "Affected restic versions: \(affected)"
                if let fix = affected.fix(above: nil) { out += "; fixed in \(fix)" }
                out += "\n"
            }
            out += "\nWhat to do:\n" + d.remediation.map { "  - \($0.text)" + ($0.versions.map { " [restic \($0)]" } ?? "") + "\n" }.joined()
            out += "\nReferences:\n" + d.references.map { "  \($0)\n" }.joined()
            out += "\nPatterns:\n" + d.patterns.map { "  \($0.name): \($0.regex)\n" + $0.unless.map { "    unless: \($0.regex)\n" }.joined() }.joined()
            for (title, examples) in [("Triggering example", d.examples.triggering), ("Non-triggering example", d.examples.nonTriggering)] {
                for example in examples {
                    out += "\n\(title):\n" + example.log.split(separator: "\n").map { "    \($0)\n" }.joined()
                }
            }
            out += "\nDefined in \(d.source)\n"
            print(out, terminator: "")
        }
    }

    struct Literals: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "literals",
            abstract: "Print the literals the prefilter scans for, one per line (matched ignoring ASCII case).")
        @OptionGroup var options: RuleOptions

        func run() throws {
            for literal in Prefilter(catalog: try options.catalog()).literals { print(literal) }
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Run every rule's examples and report pass or fail per rule (exit 1 when one fails).")
        @Option(name: .long, help: "A folder or file of extra rules (repeatable).")
        var rules: [String] = []
        @Argument(help: "A rule folder to test on its own (the shipped rules stay loaded so precedence is real; its rules replace shipped ones of the same id, so an edited copy of rules/ can be tested).")
        var folder: String?

        func run() throws {
            let catalog = try LogInputOptions.loadCatalog(extra: rules + (folder.map { [$0] } ?? []), builtin: true,
                                                          replacingBuiltins: folder != nil)
            let selected: Set<String>? = try folder.map { try Set(LogInputOptions.loadCatalog(extra: [$0], builtin: false).rules.map(\.id)) }
            let results = RuleExampleRunner.run(catalog, only: selected)
            for result in results {
                print("\(result.passed ? "pass" : "FAIL")  \(result.rule) (\(result.examples) examples)")
                for failure in result.failures { print("      \(failure)") }
            }
            let failed = results.filter { !$0.passed }.count
            print("\(results.count - failed) passed, \(failed) failed")
            if failed > 0 { throw CLIError.examplesFailed(failed) }
        }
    }
}
