/// What makes two findings of a run the same problem: the rule, the lock (or the kind of operation
/// and file), and the error with its volatile parts (paths, IDs, numbers, durations) masked. All
/// three are numbers: the key is made and hashed for every group, thousands in a retry storm, and
/// building, hashing and freeing a text for each was most of that.
struct AggregationKey: Hashable {
    /// The rule's position in the catalogue.
    var rule: Int
    /// The subject's number in `AggregationSubjects`.
    var subject: Int
    /// The error's class (`errorClass`), numbered by `ErrorClasses`.
    var errorClass: Int

    /// `subjects`, `errorClasses`: those seen so far in the run; `field`: the trigger's fields.
    init(rule: Int, lock: String?, error: String?, subjects: inout AggregationSubjects, errorClasses: inout ErrorClasses,
         field: (String) -> String?) {
        self.rule = rule
        subject = subjects.number(lock: lock, field: field)
        errorClass = errorClasses.number(of: error ?? field("line") ?? field("what") ?? field("reason") ?? field("cause") ?? "")
    }

    static func errorClass(_ text: String) -> String { ErrorClass.of(text) }
}

/// The subjects of one run's findings, numbered: equal texts, equal numbers. A finding's subject is
/// its lock, or else its operation and kind of file as one text: `Load data`, `Load ` (a handle
/// without a type), `data` or `` (either missing).
///
/// The text is only built for parts not seen before: a retry storm repeats a few operations and
/// kinds, and comparing the parts with theirs costs less than joining and hashing them again. Equal
/// parts always give equal texts; parts that differ but join to the same text (a space inside an
/// operation) still meet in `byText`.
struct AggregationSubjects {
    private var byText: [String: Int] = [:]
    private var few: [(lock: String?, op: String?, type: String?, number: Int)] = []
    static let fewLimit = 8

    mutating func number(lock: String?, field: (String) -> String?) -> Int {
        let op = lock == nil ? field("op") : nil
        let type = lock == nil ? field("handle_type") ?? field("handle").map { _ in "" } : nil
        for k in few.indices where few[k].lock == lock && few[k].op == op && few[k].type == type { return few[k].number }
        let text: String
        if let lock {
            text = lock
        } else if let op, let type {
            text = op + " " + type
        } else {
            text = op ?? type ?? ""
        }
        let number = byText[text] ?? byText.count
        byText[text] = number
        // Bounded both ways: parts that join to one text (a space moved between them) are many.
        if byText.count > Self.fewLimit { few = [] } else if few.count < Self.fewLimit { few.append((lock, op, type, number)) }
        return number
    }
}

/// The classes of the errors one run's findings name (`AggregationKey.errorClass`), each error
/// classed once, and each class numbered: equal classes, equal numbers.
struct ErrorClasses {
    private var byError: [String: Int] = [:]
    private var byClass: [String: Int] = [:]
    /// The errors seen so far while they are few: a retry storm repeats a handful, and comparing with
    /// each (by length first: different errors mostly differ in it) costs less than hashing a long one.
    private var few: [(error: String, length: Int, number: Int)] = []
    static let fewLimit = 8

    mutating func number(of error: String) -> Int {
        let length = error.utf8.count
        for k in few.indices where few[k].length == length && few[k].error == error { return few[k].number }
        if let known = byError[error] { return known }
        let text = AggregationKey.errorClass(error)
        let number = byClass[text] ?? byClass.count
        byClass[text] = number
        byError[error] = number
        if byError.count <= Self.fewLimit { few.append((error, length, number)) } else { few = [] }
        return number
    }
}
