/// A gauge family in Prometheus' text exposition format (0.0.4), as node_exporter's textfile collector
/// reads it: HELP and TYPE before the samples, label values escaped, no two samples with the same
/// labels (the collector rejects the whole file otherwise).
struct MetricFamily {
    var name: String
    var help: String
    private(set) var samples: [(labels: [(String, String)], value: Double)] = []
    private var index: [String: Int] = [:]

    init(_ name: String, help: String) {
        self.name = name
        self.help = help
    }

    /// Adds a sample; a label set seen before is merged into the earlier sample by `merge`.
    mutating func add(_ labels: [(String, String)], _ value: Double, merge: (Double, Double) -> Double = { $1 }) {
        let key = labels.map { "\($0.0)=\($0.1)" }.joined(separator: "\u{0}")
        if let existing = index[key] {
            samples[existing].value = merge(samples[existing].value, value)
        } else {
            index[key] = samples.count
            samples.append((labels, value))
        }
    }

    mutating func add(_ labels: [(String, String)], _ value: Int, merge: (Double, Double) -> Double = { $1 }) {
        add(labels, Double(value), merge: merge)
    }

    var text: String {
        var out = "# HELP \(name) \(PrometheusText.escapeHelp(help))\n# TYPE \(name) gauge\n"
        for sample in samples {
            out += name
            if !sample.labels.isEmpty {
                out += "{" + sample.labels.map { "\($0.0)=\"\(PrometheusText.escapeLabel($0.1))\"" }.joined(separator: ",") + "}"
            }
            out += " " + PrometheusText.number(sample.value) + "\n"
        }
        return out
    }
}

enum PrometheusText {
    /// HELP text: backslash and line feed escaped.
    static func escapeHelp(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Label values: backslash, double quote and line feed escaped; a carriage return would end the
    /// line for some parsers, so it goes too.
    static func escapeLabel(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Integers without a fraction (timestamps stay exact), others in Swift's shortest round-trip form.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
