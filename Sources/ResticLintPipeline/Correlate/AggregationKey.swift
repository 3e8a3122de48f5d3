import ResticFormats
import ResticLintMatching
import ResticLintRules
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

    /// `error`: where the finding's error lies (`FindingBuilder.error`); `fields`: the trigger's;
    /// `subjects`, `errorClasses`: those seen so far in the run.
    init(rule: Int, lock: String?, error: (fields: HitFields, span: FieldSpan)?, fields: HitFields,
         subjects: inout AggregationSubjects, errorClasses: inout ErrorClasses) {
        self.rule = rule
        subject = subjects.number(lock: lock, fields: fields)
        if let error {
            errorClass = withExtendedLifetime(error.fields) { errorClasses.number(of: error.fields.storage.valueBytes(error.span)) }
        } else {
            errorClass = errorClasses.number(of: fields["line"] ?? fields["what"] ?? fields["reason"] ?? fields["cause"] ?? "")
        }
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
    /// The operation and kind of `few`'s subjects without a lock, as bytes: a repeat is found on the
    /// trigger's bytes, without making Strings of them (equal bytes are equal Strings).
    private var fewParts: [(op: [UInt8]?, type: [UInt8]?, number: Int)] = []
    static let fewLimit = 8

    /// `fields`: the trigger's.
    mutating func number(lock: String?, fields: HitFields) -> Int {
        if lock == nil, !fewParts.isEmpty, let known = withExtendedLifetime(fields, { knownParts(fields) }) { return known }
        let op = lock == nil ? fields["op"] : nil
        let type = lock == nil ? fields["handle_type"] ?? fields["handle"].map { _ in "" } : nil
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
        if byText.count > Self.fewLimit {
            few = []
            fewParts = []
        } else if few.count < Self.fewLimit {
            few.append((lock, op, type, number))
            if lock == nil { fewParts.append((op.map { Array($0.utf8) }, type.map { Array($0.utf8) }, number)) }
        }
        return number
    }

    /// The number of a subject without a lock among `fewParts` whose parts equal the trigger's byte for
    /// byte. Nil when none does; those of other bytes may still be equal Strings.
    private func knownParts(_ fields: HitFields) -> Int? {
        let storage = fields.storage
        let op = fields.span("op").map(storage.valueBytes)
        let type = fields.span("handle_type").map(storage.valueBytes)
            ?? fields.span("handle").map { _ in UnsafeBufferPointer(start: nil, count: 0) }
        // By position: a loop over the parts copied each, a retain and release per array.
        for k in fewParts.indices where AggregationSubjects.same(fewParts[k].op, op) && AggregationSubjects.same(fewParts[k].type, type) {
            return fewParts[k].number
        }
        return nil
    }

    private static func same(_ known: [UInt8]?, _ bytes: UnsafeBufferPointer<UInt8>?) -> Bool {
        guard let known, let bytes else { return known == nil && bytes == nil }
        return known.count == bytes.count && known.withUnsafeBufferPointer { sameBytes($0, bytes) }
    }
}

/// The classes of the errors one run's findings name (`AggregationKey.errorClass`), each error
/// classed once, and each class numbered: equal classes, equal numbers.
struct ErrorClasses {
    private var byError: [String: Int] = [:]
    private var byClass: [String: Int] = [:]
    /// While every error seen is ASCII, errors are numbered by their bytes, where they lie (a retry
    /// storm's hundreds of errors each made a String and hashed it), with each one's class number in
    /// `asciiClasses`. From the first other error on (String equality is canonical equivalence: see
    /// `ASCIIValueTable`), all are Strings in `byError`.
    private var ascii: ASCIIValueTable? = ASCIIValueTable(minimumCapacity: 0)
    private var asciiClasses: [Int] = []

    mutating func number(of error: UnsafeBufferPointer<UInt8>) -> Int {
        guard ascii != nil, isASCII(error) else { return number(of: String(decoding: error, as: UTF8.self)) }
        let n = Int(ascii!.number(of: error))
        if n == asciiClasses.count { asciiClasses.append(classNumber(of: String(decoding: error, as: UTF8.self))) }
        return asciiClasses[n]
    }

    mutating func number(of error: String) -> Int {
        if ascii != nil {
            var error = error
            if let known = error.withUTF8({ isASCII($0) ? number(of: $0) : nil }) { return known }
            for (n, known) in ascii!.values.enumerated() { byError[known] = asciiClasses[n] }
            ascii = nil
        }
        if let known = byError[error] { return known }
        let classed = classNumber(of: error)
        byError[error] = classed
        return classed
    }

    private mutating func classNumber(of error: String) -> Int {
        let text = AggregationKey.errorClass(error)
        let number = byClass[text] ?? byClass.count
        byClass[text] = number
        return number
    }
}
