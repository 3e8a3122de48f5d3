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
    var wording: FindingWording? = nil
}

public struct EvidenceLine: Sendable, Equatable {
    public var line: Int
    public var text: String
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
