import ResticLintRules

extension Correlator {
    struct Group {
        var fields: HitFields
        var triggers: [Int]
        /// Related and required events, in event order, each once: every trigger of a group finds
        /// nearly the same ones.
        private(set) var supporting: [Int]

        init(fields: HitFields, triggers: [Int], supporting: [Int]) {
            self.fields = fields
            self.triggers = triggers
            self.supporting = Group.ordered(supporting)
        }

        mutating func add(trigger: Int, supporting more: [Int]) {
            triggers.append(trigger)
            if !more.isEmpty { supporting = Group.ordered(supporting + more) }
        }

        /// Sorted, without repeats. One reference's matches already are.
        private static func ordered(_ events: [Int]) -> [Int] {
            var ordered = true
            for k in events.indices.dropFirst() where events[k - 1] >= events[k] {
                ordered = false
                break
            }
            return ordered ? events : Array(Set(events)).sorted()
        }
    }

    /// The events that earlier findings of the run explain, by event.
    struct Explained {
        private var flags: [Bool]

        init(count: Int) { flags = Array(repeating: false, count: count) }

        func contains(_ event: Int) -> Bool { flags[event] }

        mutating func insert(_ events: [Int]) {
            for event in events { flags[event] = true }
        }
    }

    /// A correlation's groups by their key: its number (`EventIndex.keyNumber`), or the trigger's
    /// text where the correlation has no `group_by`.
    struct GroupIndex {
        private var byNumber: [Int] = []
        private var byText: [String: Int] = [:]

        /// The group of the key; nil for a new key, which from now on is group `next`.
        mutating func group(number: Int32, orNew next: Int) -> Int? {
            let n = Int(number)
            // Doubled: keys come numbered in order of first use, so nearly every new key is one more.
            if n >= byNumber.count { byNumber += repeatElement(-1, count: max(n + 1, 2 * byNumber.count) - byNumber.count) }
            guard byNumber[n] < 0 else { return byNumber[n] }
            byNumber[n] = next
            return nil
        }

        mutating func group(text: String, orNew next: Int) -> Int? {
            if let known = byText[text] { return known }
            byText[text] = next
            return nil
        }
    }
}
