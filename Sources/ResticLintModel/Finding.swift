import ResticFormats
import ResticLockModel
import ResticLintRules

/// One diagnosis: a rule that fired in one run, with its evidence and advice. Repeats of one problem
/// in a run (same rule, lock or operation, error class) are one finding with `occurrences`.
public struct Finding: Sendable {
    public var rule: String
    public var severity: Severity
    public var title: String
    public var message: String
    public var input: String
    public var inputIndex: Int
    /// The first trigger line.
    public var line: Int
    /// The last trigger line of the last occurrence.
    public var lastLine: Int
    /// How many findings of this key the run had before aggregation.
    public var occurrences: Int = 1
    /// The lines of the evidence kept (the first occurrences').
    public var lines: [Int]
    public var run: Int
    public var lock: String?
    public var relatedLocks: [String]
    public var affected: String?
    public var fixedIn: String?
    public var remediation: [String]
    public var references: [String]
    public var confidence: Confidence
    public var evidence: [EvidenceLine]
    public var fields: [String: String]
    public var reference: ReferenceReplay?
    /// With a baseline: whether the baseline lacks this finding. Nil when no baseline was given.
    public var isNew: Bool? = nil
    /// The error the finding is about, for aggregation: the trigger's, or its evidence's when the
    /// trigger names none (`operation successful after 3 retries` after `503 Service Unavailable`).
    package var error: String? = nil
    /// Set by correlation until the finding's message and remediation are rendered, after aggregation.
    package var wording: FindingWording? = nil

    package init(rule: String, severity: Severity, title: String, message: String, input: String, inputIndex: Int,
                 line: Int, lastLine: Int, lines: [Int], run: Int, lock: String?, relatedLocks: [String], affected: String?,
                 fixedIn: String?, remediation: [String], references: [String], confidence: Confidence,
                 evidence: [EvidenceLine], fields: [String: String], reference: ReferenceReplay?) {
        self.rule = rule
        self.severity = severity
        self.title = title
        self.message = message
        self.input = input
        self.inputIndex = inputIndex
        self.line = line
        self.lastLine = lastLine
        self.lines = lines
        self.run = run
        self.lock = lock
        self.relatedLocks = relatedLocks
        self.affected = affected
        self.fixedIn = fixedIn
        self.remediation = remediation
        self.references = references
        self.confidence = confidence
        self.evidence = evidence
        self.fields = fields
        self.reference = reference
    }
}

/// What a finding's message and remediation are rendered from. Rendering waits until aggregation
/// has chosen the finding that stands for its repeats (a retry storm's thousands fold into a few),
/// so only those are rendered. The anchor's `fields`, `fixedIn`, `input`, `run`, `lock` and `line`
/// are its own after aggregation; `count` and `relatedLocks` are kept as built, since aggregation
/// adds the repeats' locks to the finding's.
package struct FindingWording: Sendable {
    package var rule: Int
    package var count: Int
    package var relatedLocks: [String]
    package var version: String
    package var possible: VersionRange
    package var conflict: String?

    package init(rule: Int, count: Int, relatedLocks: [String], version: String, possible: VersionRange, conflict: String?) {
        self.rule = rule
        self.count = count
        self.relatedLocks = relatedLocks
        self.version = version
        self.possible = possible
        self.conflict = conflict
    }
}

public struct EvidenceLine: Sendable, Equatable {
    public var line: Int
    public var text: String

    package init(line: Int, text: String) {
        self.line = line
        self.text = text
    }
}

/// What restic's reference lock model did with the situation a finding reconstructs.
public struct ReferenceReplay: Sendable {
    public var scenario: [String: String]
    public var observedModel: String
    public var observedOutcome: String
    public var fixedModel: String
    public var fixedOutcome: String
    public var fixedSteps: [String]
    /// The models' own traces of the replay, for drawing it.
    public var observedTrace: [LockTraceMark] = []
    public var fixedTrace: [LockTraceMark] = []

    package init(scenario: [String: String], observedModel: String, observedOutcome: String, fixedModel: String,
                 fixedOutcome: String, fixedSteps: [String], observedTrace: [LockTraceMark] = [],
                 fixedTrace: [LockTraceMark] = []) {
        self.scenario = scenario
        self.observedModel = observedModel
        self.observedOutcome = observedOutcome
        self.fixedModel = fixedModel
        self.fixedOutcome = fixedOutcome
        self.fixedSteps = fixedSteps
        self.observedTrace = observedTrace
        self.fixedTrace = fixedTrace
    }
}
