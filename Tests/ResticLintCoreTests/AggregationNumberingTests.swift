import ResticFormats
import Testing
@testable import ResticLintPipeline
@testable import ResticLintRules

/// Aggregation numbers a finding's subject and error class on the trigger's bytes where it can; the
/// numbers must be those String equality (canonical equivalence) gives, in order of first appearance.
/// Correlation's groups are slices of shared arrays; they must be what a list per group gives.
@Suite struct AggregationNumberingTests {
    /// ASCII and non-ASCII texts that are equal as Strings (the Kelvin sign and `K`, the two forms of
    /// `é`), and errors of one class that differ only in their volatile parts.
    static let errors = [
        "K", "\u{212A}", "caf\u{E9}", "cafe\u{301}", "unexpected EOF", "Get https://x/data/ab/abcdef0123: 503 after 1.5s",
        "Get https://x/data/cd/0987fedcba: 503 after 12ms", "read: connection reset by peer", "K 503", "\u{212A} 503", "",
    ]

    @Test func errorClassesNumberLikeStrings() {
        var random = Xoshiro256StarStar(seed: 5)
        for _ in 0..<300 {
            var classes = ErrorClasses()
            var byError: [String: Int] = [:], byClass: [String: Int] = [:]
            for _ in 0..<(1 + random.below(30)) {
                let error = Self.errors[random.below(Self.errors.count)]
                let wanted = byError[error] ?? {
                    let text = AggregationKey.errorClass(error)
                    let number = byClass[text] ?? byClass.count
                    byClass[text] = number
                    byError[error] = number
                    return number
                }()
                var bytes = error
                let got = random.below(2) == 0 ? bytes.withUTF8 { classes.number(of: $0) } : classes.number(of: error)
                #expect(got == wanted, "\(error.debugDescription)")
            }
        }
    }

    @Test func subjectsNumberLikeTheirTexts() {
        let ops: [String?] = ["Load", "Save", "Load ", nil, "\u{212A}"]
        let types: [String?] = ["data", " data", "", nil, "K"]
        var random = Xoshiro256StarStar(seed: 6)
        for _ in 0..<300 {
            var subjects = AggregationSubjects()
            var byText: [String: Int] = [:]
            for _ in 0..<(1 + random.below(40)) {
                let lock = random.below(4) == 0 ? "lock/\(random.below(3))" : nil
                let op = ops[random.below(ops.count)], type = types[random.below(types.count)]
                let handle = random.below(2) == 0
                var pairs: [(name: String, value: String)] = []
                if let op { pairs.append(("op", op)) }
                if let type { pairs.append(("handle_type", type)) }
                if handle { pairs.append(("handle", "data/\(random.below(5))")) }
                let kind = type ?? (handle ? "" : nil)
                let text = lock ?? (op.flatMap { op in kind.map { op + " " + $0 } } ?? op ?? kind ?? "")
                let wanted = byText[text] ?? byText.count
                byText[text] = wanted
                #expect(subjects.number(lock: lock, fields: HitFields(pairs: pairs)) == wanted, "\(pairs) \(String(describing: lock))")
            }
        }
    }

    @Test func groupsAreWhatAListPerGroupGives() {
        var random = Xoshiro256StarStar(seed: 7)
        for _ in 0..<300 {
            let count = 1 + random.below(20)
            var builder = Correlator.GroupBuilder(triggers: count)
            var model: [(triggers: [Int], supporting: Set<Int>)] = []
            for trigger in 0..<count {
                let supporting = (0..<random.below(4)).map { _ in random.below(12) }
                if model.isEmpty || random.below(3) == 0 {
                    builder.add(trigger: trigger, supporting: supporting, fields: HitFields(pairs: [("n", "\(model.count)")]))
                    model.append(([trigger], Set(supporting)))
                } else {
                    let g = random.below(model.count)
                    builder.add(trigger: trigger, supporting: supporting, to: g)
                    model[g].triggers.append(trigger)
                    model[g].supporting.formUnion(supporting)
                }
            }
            let groups = builder.groups()
            #expect(groups.count == model.count)
            for (group, wanted) in zip(groups, model) {
                #expect(Array(group.triggers) == wanted.triggers)
                #expect(Array(group.supporting) == wanted.supporting.sorted())
            }
            #expect(groups.indices.allSatisfy { groups[$0].fields["n"] == "\($0)" })
        }
    }
}
