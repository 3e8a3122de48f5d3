/// A set of restic versions as half-open intervals. Parsed from constraints like `>=0.17.0 <0.17.1`
/// (space = and, `||` = or) or built from OSV `introduced`/`fixed` events.
public struct VersionRange: Equatable, Sendable, CustomStringConvertible {
    public struct Interval: Equatable, Sendable {
        public var lower: ResticVersion?  // inclusive; nil = unbounded
        public var upper: ResticVersion?  // exclusive; nil = unbounded
        func contains(_ v: ResticVersion) -> Bool {
            (lower.map { v >= $0 } ?? true) && (upper.map { v < $0 } ?? true)
        }
        func intersection(_ other: Interval) -> Interval? {
            let lo = [lower, other.lower].compactMap { $0 }.max()
            let hi = [upper, other.upper].compactMap { $0 }.min()
            if let lo, let hi, lo >= hi { return nil }
            return Interval(lower: lo, upper: hi)
        }
    }

    public var intervals: [Interval]

    public static let all = VersionRange(intervals: [Interval(lower: nil, upper: nil)])
    public static let none = VersionRange(intervals: [])

    public init(intervals: [Interval]) { self.intervals = intervals }

    public static func exactly(_ v: ResticVersion) -> VersionRange {
        VersionRange(intervals: [Interval(lower: v, upper: ResticVersion(v.major, v.minor, v.patch + 1))])
    }

    public enum ParseError: Error, CustomStringConvertible {
        case invalid(String)
        public var description: String {
            if case .invalid(let text) = self { return "invalid version constraint '\(text)' (expected e.g. '>=0.17.0 <0.17.1')" }
            return ""
        }
    }

    public init(constraint: String) throws {
        var result: [Interval] = []
        for alternative in constraint.components(separatedBy: "||") {
            var interval = Interval(lower: nil, upper: nil)
            let terms = alternative.split(separator: " ").filter { !$0.isEmpty }
            guard !terms.isEmpty else { throw ParseError.invalid(constraint) }
            var empty = false
            for term in terms {
                let op = term.prefix { "<>=".contains($0) }
                guard let v = ResticVersion(String(term.dropFirst(op.count))) else { throw ParseError.invalid(constraint) }
                let bound: Interval
                switch op {
                case ">=": bound = Interval(lower: v, upper: nil)
                case ">": bound = Interval(lower: ResticVersion(v.major, v.minor, v.patch + 1), upper: nil)
                case "<": bound = Interval(lower: nil, upper: v)
                case "<=": bound = Interval(lower: nil, upper: ResticVersion(v.major, v.minor, v.patch + 1))
                case "=", "==", "": bound = VersionRange.exactly(v).intervals[0]
                default: throw ParseError.invalid(constraint)
                }
                guard let narrowed = interval.intersection(bound) else { empty = true; continue }
                interval = narrowed
            }
            if !empty { result.append(interval) }
        }
        intervals = result
    }

    /// OSV range semantics: walking sorted events, `introduced` opens and `fixed` closes an interval.
    public init(osvEvents: [AffectedEvent]) {
        var result: [Interval] = []
        var open: ResticVersion?? = nil
        for event in osvEvents {
            switch event {
            case .introduced(let v): open = .some(v)
            case .fixed(let v):
                if case .some(let lower) = open { result.append(Interval(lower: lower, upper: v)) }
                open = nil
            }
        }
        if case .some(let lower) = open { result.append(Interval(lower: lower, upper: nil)) }
        intervals = result
    }

    public var isEmpty: Bool { intervals.isEmpty }

    public func contains(_ v: ResticVersion) -> Bool { intervals.contains { $0.contains(v) } }

    public func intersection(_ other: VersionRange) -> VersionRange {
        VersionRange(intervals: intervals.flatMap { a in other.intervals.compactMap { a.intersection($0) } })
    }

    public func overlaps(_ other: VersionRange) -> Bool { !intersection(other).isEmpty }

    /// Versions in either range (intervals may overlap; containment and intersection stay exact).
    public func union(_ other: VersionRange) -> VersionRange { VersionRange(intervals: intervals + other.intervals) }

    /// The smallest fixed version (an interval's upper end) above `v`, for "Fixed in" advice.
    public func fix(above v: ResticVersion?) -> ResticVersion? {
        let uppers = intervals.compactMap(\.upper)
        guard let v else { return uppers.min() }
        return intervals.filter { $0.contains(v) }.compactMap(\.upper).min()
    }

    public var description: String {
        guard !intervals.isEmpty else { return "none" }
        return intervals.map { interval in
            switch (interval.lower, interval.upper) {
            case (nil, nil): return "*"
            case (let lo?, nil): return ">=\(lo)"
            case (nil, let hi?): return "<\(hi)"
            case (let lo?, let hi?): return ">=\(lo) <\(hi)"
            }
        }.joined(separator: " || ")
    }
}

/// One OSV `affected` range event over restic versions.
public enum AffectedEvent: Equatable, Sendable, Decodable {
    case introduced(ResticVersion)
    case fixed(ResticVersion)

    private enum Key: String, CodingKey { case introduced, fixed }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        guard container.allKeys.count == 1, let key = container.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "an affected event has exactly one key: introduced or fixed"))
        }
        let text = try container.decode(String.self, forKey: key)
        let version = text == "0" ? ResticVersion(0, 0, 0) : ResticVersion(text)
        guard let version else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath + [key], debugDescription: "not a version: \(text)"))
        }
        self = key == .introduced ? .introduced(version) : .fixed(version)
    }
}
