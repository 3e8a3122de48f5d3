import Foundation
import ResticFormats
import ResticLintModel

/// Findings accepted earlier (`--write-baseline`), so a gate fails only on new ones. Matching is by
/// fingerprint and counted, as SwiftLint does: two identical findings need two baseline entries.
public struct Baseline: Sendable {
    public struct Entry: Sendable, Equatable {
        public var rule: String
        public var input: String
        public var fingerprint: String
        public var message: String
    }

    public var entries: [Entry]

    public init(findings: [Finding]) {
        entries = findings.map { Entry(rule: $0.rule, input: $0.input, fingerprint: Fingerprints.baseline($0), message: $0.message) }
    }

    public init(entries: [Entry]) { self.entries = entries }

    /// Marks each finding new or known; returns the findings in the same order.
    public func classify(_ findings: [Finding]) -> [(finding: Finding, isNew: Bool)] {
        var matcher = matcher()
        return findings.map { ($0, matcher.isNew($0)) }
    }

    /// Matches findings one at a time as they stream past; each baseline entry accepts one finding.
    public func matcher() -> Matcher {
        var remaining: [String: Int] = [:]
        for entry in entries { remaining[entry.fingerprint, default: 0] += 1 }
        return Matcher(remaining: remaining)
    }

    public struct Matcher: Sendable {
        fileprivate var remaining: [String: Int]

        public mutating func isNew(_ finding: Finding) -> Bool {
            let fingerprint = Fingerprints.baseline(finding)
            guard let count = remaining[fingerprint], count > 0 else { return true }
            remaining[fingerprint] = count - 1
            return false
        }
    }

    public func serialized() -> String {
        JSONValue.object([
            ("version", .int(1)),
            ("findings", .array(entries.map { entry in
                .object([("rule", .string(entry.rule)), ("input", .string(entry.input)),
                         ("fingerprint", .string(entry.fingerprint)), ("message", .string(entry.message))])
            })),
        ]).serialized() + "\n"
    }

    public struct FormatError: Error, CustomStringConvertible {
        public var description: String
    }

    public static func parse(_ data: Data, name: String) throws -> Baseline {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let items = object["findings"] as? [[String: Any]] else {
            throw FormatError(description: "\(name): not a resticlint baseline (expected {\"version\": 1, \"findings\": [...]})")
        }
        return Baseline(entries: try items.enumerated().map { index, item in
            guard let rule = item["rule"] as? String, let input = item["input"] as? String,
                  let fingerprint = item["fingerprint"] as? String else {
                throw FormatError(description: "\(name): finding \(index) lacks rule, input or fingerprint")
            }
            return Entry(rule: rule, input: input, fingerprint: fingerprint, message: item["message"] as? String ?? "")
        })
    }
}
