import ResticLintMatching
import ResticLintRules

/// Every literal any pattern or run marker needs. Most lines contain none of them and are skipped
/// without being split out or decoded, as grep does.
package struct Prefilter: Sendable {
    package let literals: [String]

    init(literals: [String]) {
        self.literals = Array(Set(literals)).sorted()
    }

    package init(catalog: RuleCatalog) {
        var literals = RunMarkerClassifier.literals + EventClassifier.literals
        for rule in catalog.rules {
            for pattern in rule.patterns {
                // The validator guarantees literals; a pattern without them would have to see every line.
                literals += pattern.literals ?? []
            }
        }
        self.init(literals: literals)
    }

    /// A scanner tuned to one input: its fingerprints and buckets are chosen on `sample`.
    package func scanner(sample: UnsafeBufferPointer<UInt8>) -> LiteralScanner {
        LiteralScanner(literals: literals, sample: sample)
    }
}
