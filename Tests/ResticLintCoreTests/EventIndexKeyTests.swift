import Testing
import ResticLintRules
@testable import ResticLintPipeline

/// `same:` and `group_by:` values become one string key per hit: two hits share a key exactly when
/// they have the same values (a missing one counts as empty for `group_by:`).
@Suite struct EventIndexKeyTests {
    @Test func severalValuesNeverRunTogether() {
        let names = ["pid", "host"]
        let hits: [HitFields] = [["pid": "1:2", "host": ""], ["pid": "1", "host": "2"], ["pid": "12", "host": ""],
                                 ["pid": "1", "host": ":2"], ["pid": "", "host": "12"], ["pid": "12"], ["host": "12"]]
        for a in hits {
            for b in hits {
                let same = names.allSatisfy { a[$0] ?? "" == b[$0] ?? "" }
                #expect((EventIndex.valuesKey(names, in: a) == EventIndex.valuesKey(names, in: b)) == same)
            }
        }
    }

    @Test func oneValueIsItself() {
        #expect(EventIndex.valuesKey(["handle"], in: ["handle": "lock/91b9421fff"]) == "lock/91b9421fff")
        #expect(EventIndex.valuesKey(["handle"], in: [:]) == "")
        #expect(EventIndex.sameValues(["handle"], in: [:]) == nil)
        #expect(EventIndex.sameValues(["pid", "host"], in: ["pid": "1"]) == nil)
        #expect(EventIndex.sameValues(["pid", "host"], in: ["pid": "1", "host": "h"]) == EventIndex.valuesKey(["pid", "host"], in: ["pid": "1", "host": "h"]))
    }
}
