/// One JIT-compiled alternation of every literal any pattern or marker needs. Run over whole buffers,
/// it skips the lines nothing could match without touching them one by one, as grep does.
final class Prefilter: @unchecked Sendable {
    let regex: PCRE2Regex

    init(literals: [String], caselessLiterals: [String]) {
        let plain = Set(literals).sorted().map(Prefilter.escape)
        let caseless = Set(caselessLiterals).sorted().map { "(?i:\(Prefilter.escape($0)))" }
        let alternation = (plain + caseless).joined(separator: "|")
        // Escaped literals always compile.
        regex = try! PCRE2Regex(alternation.isEmpty ? "(?!)" : alternation, utf: false,
                                source: PatternSource(file: "<prefilter>"))
    }

    convenience init(catalog: RuleCatalog) {
        var literals = RunMarkerClassifier.literals + EventClassifier.literals
        var caseless: [String] = []
        for rule in catalog.rules {
            for pattern in rule.patterns {
                // The validator guarantees literals; a pattern without them would have to see every line.
                let needed = pattern.literals ?? [""]
                if pattern.caseInsensitive { caseless += needed } else { literals += needed }
            }
        }
        self.init(literals: literals, caselessLiterals: caseless)
    }

    private static func escape(_ literal: String) -> String {
        var out = ""
        for scalar in literal.unicodeScalars {
            if scalar.isASCII && !(scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == " ") {
                out += "\\"
            }
            out.unicodeScalars.append(scalar)
        }
        return out
    }
}
