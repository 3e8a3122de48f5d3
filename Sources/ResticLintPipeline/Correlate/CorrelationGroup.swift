import ResticLintRules

extension Correlator {
    /// A would-be finding: the trigger's fields, its triggers and its supporting (related and required)
    /// events, each in event order and once. The events are slices of two arrays shared by all groups
    /// of one correlation (`GroupBuilder`): two arrays per group were two allocations and frees for
    /// each of a retry storm's thousands.
    struct Group {
        var fields: HitFields
        var triggers: ArraySlice<Int>
        var supporting: ArraySlice<Int>
    }

    /// One correlation's groups, built as its triggers come (in event order).
    struct GroupBuilder {
        private var fields: [HitFields] = []
        /// Per group, its supporting events: a range of `supportingEvents`. A group that gains events
        /// gets a new range; the old one is left unused.
        private var supporting: [Range<Int>] = []
        private var supportingEvents: [Int] = []
        /// Every trigger in the order it came, with its group.
        private var triggers: [(group: Int, event: Int)] = []

        /// Room for `triggers` triggers, each of a group of its own.
        init(triggers count: Int) {
            fields.reserveCapacity(count)
            supporting.reserveCapacity(count)
            triggers.reserveCapacity(count)
        }

        var count: Int { fields.count }

        /// A new group, number `count`.
        mutating func add(trigger: Int, supporting more: [Int], fields: HitFields) {
            triggers.append((self.fields.count, trigger))
            self.fields.append(fields)
            supporting.append(appendSupporting(GroupBuilder.ordered(more)))
        }

        /// Every trigger of a group finds nearly the same supporting events.
        mutating func add(trigger: Int, supporting more: [Int], to group: Int) {
            triggers.append((group, trigger))
            if !more.isEmpty {
                supporting[group] = appendSupporting(GroupBuilder.ordered(Array(supportingEvents[supporting[group]]) + more))
            }
        }

        private mutating func appendSupporting(_ events: [Int]) -> Range<Int> {
            let start = supportingEvents.count
            supportingEvents.append(contentsOf: events)
            return start..<supportingEvents.count
        }

        /// The groups in the order they were made, each with its triggers in the order they came.
        func groups() -> [Group] {
            // A counting sort by group, which keeps each group's triggers in order.
            var start = [Int](repeating: 0, count: fields.count + 1)
            for trigger in triggers { start[trigger.group + 1] += 1 }
            for g in fields.indices { start[g + 1] += start[g] }
            var next = start
            var events = [Int](repeating: 0, count: triggers.count)
            for trigger in triggers {
                events[next[trigger.group]] = trigger.event
                next[trigger.group] += 1
            }
            return fields.indices.map {
                Group(fields: fields[$0], triggers: events[start[$0]..<start[$0 + 1]], supporting: supportingEvents[supporting[$0]])
            }
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

        mutating func insert(_ events: ArraySlice<Int>) {
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
