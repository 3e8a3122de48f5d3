import Foundation

/// A lane chart in inline SVG: one row per lock file (and one for the process's own locking), marks
/// placed by time or by line order. Each mark kind has a shape and a colour from the Okabe–Ito
/// palette, and a legend names both, so nothing depends on telling colours apart.
struct TimelineChart {
    struct Lane {
        var label: String
        var title: String
    }

    struct Mark {
        var lane: Int
        var x: Double
        var style: MarkStyle
        /// The tooltip: what happened, with its line or time.
        var detail: String
        var count = 1
        var id: String?
        var href: String?
        /// Extra classes for tests and filters (e.g. `acquired`).
        var name: String { style.name }
    }

    enum Axis {
        /// Seconds from `origin` (the label of x = 0, e.g. `02:00:01` or `process start`).
        case seconds(origin: String, source: String)
        /// Log lines in order; `lines` are the line numbers at x = 0, 1, 2, ...
        case lineOrder(lines: [Int])
    }

    var title: String
    var lanes: [Lane]
    var marks: [Mark]
    var axis: Axis
    /// The x range drawn; charts meant to be compared share it.
    var domain: ClosedRange<Double>
    var cssClass = "timeline"

    static let width = 900.0
    static let gutter = 170.0
    static let laneHeight = 30.0
    static let top = 12.0
    static let markSpacing = 13.0

    func svg() -> String {
        let plotWidth = Self.width - Self.gutter - 24
        let height = Self.top + Double(lanes.count) * Self.laneHeight + 44
        let span = max(domain.upperBound - domain.lowerBound, 1e-9)
        func px(_ x: Double) -> Double { Self.gutter + 8 + (min(max(x, domain.lowerBound), domain.upperBound) - domain.lowerBound) / span * (plotWidth - 16) }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"\(cssClass)\" viewBox=\"0 0 \(Int(Self.width)) \(Int(height))\" "
        out += "role=\"img\" aria-label=\"\(HTML.text(title))\"><title>\(HTML.text(title))</title>"
        for (index, lane) in lanes.enumerated() {
            let y = Self.top + Double(index) * Self.laneHeight
            out += "<g class=\"lane\" data-lane=\"\(HTML.text(lane.label))\">"
            out += "<rect class=\"lane-bg\" x=\"0\" y=\"\(svgNumber(y))\" width=\"\(Int(Self.width))\" height=\"\(svgNumber(Self.laneHeight))\"/>"
            out += "<text class=\"lane-label\" x=\"6\" y=\"\(svgNumber(y + Self.laneHeight / 2 + 4))\"><title>\(HTML.text(lane.title))</title>\(HTML.text(lane.label))</text>"
            out += "<line class=\"lane-line\" x1=\"\(svgNumber(Self.gutter))\" x2=\"\(svgNumber(Self.width - 16))\" y1=\"\(svgNumber(y + Self.laneHeight / 2))\" y2=\"\(svgNumber(y + Self.laneHeight / 2))\"/></g>\n"
        }
        // Marks closer than their width on one lane are set side by side; the tooltip keeps the true place.
        var lastX: [Int: Double] = [:]
        for mark in folded(px) {
            var x = px(mark.x)
            if let previous = lastX[mark.lane], x < previous + Self.markSpacing { x = previous + Self.markSpacing }
            lastX[mark.lane] = x
            let y = Self.top + Double(mark.lane) * Self.laneHeight + Self.laneHeight / 2
            var body = "<title>\(HTML.text(mark.style.label + ": " + mark.detail + (mark.count > 1 ? " (×\(mark.count))" : "")))</title>"
            body += mark.style.shape(x: x, y: y)
            if mark.count > 1 { body += "<text class=\"count\" x=\"\(svgNumber(x + 6))\" y=\"\(svgNumber(y - 6))\">×\(mark.count)</text>" }
            let id = mark.id.map { " id=\"\(HTML.text($0))\"" } ?? ""
            let group = "<g class=\"mark \(mark.name)\"\(id) data-kind=\"\(mark.name)\">\(body)</g>\n"
            out += mark.href.map { "<a href=\"\(HTML.text($0))\">\(group)</a>" } ?? group
        }
        out += axisSVG(y: Self.top + Double(lanes.count) * Self.laneHeight, px: px)
        return out + "</svg>"
    }

    /// Marks sorted by lane and place, where a mark that nothing links to and that repeats its
    /// neighbour's kind within a mark's width is folded into it (×N).
    private func folded(_ px: (Double) -> Double) -> [Mark] {
        var out: [Mark] = []
        for mark in marks.sorted(by: { ($0.lane, $0.x) < ($1.lane, $1.x) }) {
            if let last = out.last, last.lane == mark.lane, last.style == mark.style, last.id == nil, mark.id == nil,
               px(mark.x) - px(last.x) < Self.markSpacing {
                out[out.count - 1].count += mark.count
                continue
            }
            out.append(mark)
        }
        return out
    }

    private func axisSVG(y: Double, px: (Double) -> Double) -> String {
        var out = "<g class=\"axis\"><line x1=\"\(svgNumber(Self.gutter))\" x2=\"\(svgNumber(Self.width - 16))\" y1=\"\(svgNumber(y + 2))\" y2=\"\(svgNumber(y + 2))\"/>"
        let label: String
        var ticks: [(Double, String)] = []
        switch axis {
        case let .seconds(origin, source):
            label = "seconds since \(origin) (\(source))"
            ticks = Self.niceTicks(domain).map { ($0, Self.secondsLabel($0)) }
        case let .lineOrder(lines):
            label = "log line, in order (the log has no timestamps)"
            let step = max(1, Int((Double(lines.count) / 8).rounded(.up)))
            ticks = stride(from: 0, to: lines.count, by: step).map { (Double($0), String(lines[$0])) }
        }
        for (x, text) in ticks {
            out += "<line x1=\"\(svgNumber(px(x)))\" x2=\"\(svgNumber(px(x)))\" y1=\"\(svgNumber(y + 2))\" y2=\"\(svgNumber(y + 7))\"/>"
            out += "<text x=\"\(svgNumber(px(x)))\" y=\"\(svgNumber(y + 18))\" text-anchor=\"middle\">\(HTML.text(text))</text>"
        }
        out += "<text class=\"axis-label\" x=\"\(svgNumber(Self.gutter))\" y=\"\(svgNumber(y + 36))\">\(HTML.text(label))</text>"
        return out + "</g>\n"
    }

    /// Round tick values covering the domain, about six of them.
    static func niceTicks(_ domain: ClosedRange<Double>) -> [Double] {
        let span = domain.upperBound - domain.lowerBound
        guard span > 0 else { return [domain.lowerBound] }
        let raw = span / 6
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        var ticks: [Double] = []
        var t = (domain.lowerBound / step).rounded(.up) * step
        while t <= domain.upperBound + step * 1e-9 {
            ticks.append(t)
            t += step
        }
        return ticks
    }

    static func secondsLabel(_ s: Double) -> String {
        if s >= 3600 { return "\(Int(s / 3600)) h" + (Int(s) % 3600 >= 60 ? " \(Int(s) % 3600 / 60) min" : "") }
        if s >= 120 { return "\(Int(s / 60)) min" }
        return s == s.rounded() ? "\(Int(s)) s" : "\(svgNumber(s)) s"
    }
}

/// Two decimals at most, never exponent notation: SVG coordinates and short labels.
func svgNumber(_ x: Double) -> String {
    let rounded = (x * 100).rounded() / 100
    if rounded == rounded.rounded() { return String(Int(rounded)) }
    var text = String(Int((abs(rounded) * 100).rounded()))
    while text.count < 3 { text = "0" + text }
    text.insert(".", at: text.index(text.endIndex, offsetBy: -2))
    if text.hasSuffix("0") { text.removeLast() }
    return (rounded < 0 ? "-" : "") + text
}
