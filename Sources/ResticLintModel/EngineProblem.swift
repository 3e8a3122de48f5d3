/// A rule pattern that could not be evaluated on a line, reported instead of hanging or crashing.
public struct EngineProblem: Sendable, Codable, Equatable {
    public var rule: String
    public var pattern: String
    public var line: Int
    public var message: String

    package init(rule: String, pattern: String, line: Int, message: String) {
        self.rule = rule
        self.pattern = pattern
        self.line = line
        self.message = message
    }
}
