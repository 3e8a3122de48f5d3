/// How one kind of timeline mark looks: a shape and a colour (Okabe–Ito, safe for colour-blind
/// readers) and a label, all three in the legend.
struct MarkStyle: Equatable {
    var name: String
    var label: String
    var colour: String
    var glyph: Glyph

    enum Glyph { case square, dot, cross, diamond, ring, triangle, octagon, plus, minus, block, tick, check, warning, hourglass, chevron, upTriangle }

    static let list = MarkStyle(name: "list", label: "list locks", colour: "#0072B2", glyph: .square)
    static let loadOK = MarkStyle(name: "load-ok", label: "load ok", colour: "#009E73", glyph: .dot)
    static let loadFailed = MarkStyle(name: "load-failed", label: "load failed", colour: "#D55E00", glyph: .cross)
    static let notFound = MarkStyle(name: "not-found", label: "load: not found", colour: "#E69F00", glyph: .diamond)
    static let cancelled = MarkStyle(name: "cancelled", label: "load cancelled", colour: "#CC79A7", glyph: .ring)
    static let retry = MarkStyle(name: "retry", label: "retry", colour: "#56B4E9", glyph: .triangle)
    static let breakerOpen = MarkStyle(name: "breaker-open", label: "circuit breaker open", colour: "#D55E00", glyph: .octagon)
    static let breakerRecorded = MarkStyle(name: "breaker-recorded", label: "breaker records the file", colour: "#CC79A7", glyph: .chevron)
    static let attempt = MarkStyle(name: "attempt", label: "lock check attempt", colour: "#555555", glyph: .tick)
    static let create = MarkStyle(name: "create", label: "create own lock", colour: "#0072B2", glyph: .plus)
    static let refresh = MarkStyle(name: "refresh", label: "refresh", colour: "#56B4E9", glyph: .upTriangle)
    static let remove = MarkStyle(name: "remove", label: "remove lock", colour: "#000000", glyph: .minus)
    static let held = MarkStyle(name: "held", label: "held by another process", colour: "#000000", glyph: .block)
    static let wait = MarkStyle(name: "wait", label: "--retry-lock wait", colour: "#555555", glyph: .hourglass)
    static let acquired = MarkStyle(name: "acquired", label: "lock acquired", colour: "#009E73", glyph: .check)
    static let finalError = MarkStyle(name: "final-error", label: "final error", colour: "#D55E00", glyph: .warning)

    static let all: [MarkStyle] = [list, attempt, loadOK, loadFailed, notFound, cancelled, retry, breakerRecorded, breakerOpen,
                                   held, wait, create, refresh, remove, acquired, finalError]

    /// The SVG of the glyph centred on (x, y); about 12 px across.
    func shape(x: Double, y: Double) -> String {
        let c = colour
        func poly(_ points: [(Double, Double)], fill: Bool = true) -> String {
            let list = points.map { "\(svgNumber(x + $0.0)),\(svgNumber(y + $0.1))" }.joined(separator: " ")
            return "<polygon points=\"\(list)\" fill=\"\(fill ? c : "#fff")\" stroke=\"\(c)\" stroke-width=\"1.5\"/>"
        }
        func path(_ d: String, width: Double = 2.2) -> String {
            "<path d=\"\(d)\" fill=\"none\" stroke=\"\(c)\" stroke-width=\"\(svgNumber(width))\" stroke-linecap=\"round\"/>"
        }
        let (X, Y) = (svgNumber(x), svgNumber(y))
        switch glyph {
        case .square: return "<rect x=\"\(svgNumber(x - 5))\" y=\"\(svgNumber(y - 5))\" width=\"10\" height=\"10\" fill=\"#fff\" stroke=\"\(c)\" stroke-width=\"2\"/>"
        case .dot: return "<circle cx=\"\(X)\" cy=\"\(Y)\" r=\"5.5\" fill=\"\(c)\"/>"
        case .cross: return path("M\(svgNumber(x - 5)) \(svgNumber(y - 5))L\(svgNumber(x + 5)) \(svgNumber(y + 5))M\(svgNumber(x + 5)) \(svgNumber(y - 5))L\(svgNumber(x - 5)) \(svgNumber(y + 5))", width: 2.8)
        case .diamond: return poly([(0, -7), (7, 0), (0, 7), (-7, 0)])
        case .ring: return "<circle cx=\"\(X)\" cy=\"\(Y)\" r=\"5\" fill=\"#fff\" stroke=\"\(c)\" stroke-width=\"2.2\"/>" + path("M\(svgNumber(x - 4)) \(svgNumber(y + 4))L\(svgNumber(x + 4)) \(svgNumber(y - 4))", width: 1.6)
        case .triangle: return poly([(-5, -6), (6, 0), (-5, 6)])
        case .octagon:
            let o = 3.0, r = 7.0
            return poly([(-o, -r), (o, -r), (r, -o), (r, o), (o, r), (-o, r), (-r, o), (-r, -o)])
                + "<rect x=\"\(svgNumber(x - 4))\" y=\"\(svgNumber(y - 1.2))\" width=\"8\" height=\"2.4\" fill=\"#fff\"/>"
        case .plus: return path("M\(svgNumber(x - 6)) \(Y)L\(svgNumber(x + 6)) \(Y)M\(X) \(svgNumber(y - 6))L\(X) \(svgNumber(y + 6))", width: 2.8)
        case .minus: return path("M\(svgNumber(x - 6)) \(Y)L\(svgNumber(x + 6)) \(Y)", width: 3.5)
        case .block: return "<rect x=\"\(svgNumber(x - 5))\" y=\"\(svgNumber(y - 6))\" width=\"10\" height=\"12\" fill=\"\(c)\"/>"
        case .tick: return path("M\(X) \(svgNumber(y - 9))L\(X) \(svgNumber(y + 9))", width: 1.5)
        case .check: return path("M\(svgNumber(x - 6)) \(Y)L\(svgNumber(x - 1)) \(svgNumber(y + 5))L\(svgNumber(x + 7)) \(svgNumber(y - 6))", width: 3.2)
        case .warning:
            return poly([(0, -8), (8, 6), (-8, 6)])
                + "<rect x=\"\(svgNumber(x - 1))\" y=\"\(svgNumber(y - 3))\" width=\"2\" height=\"5\" fill=\"#fff\"/><rect x=\"\(svgNumber(x - 1))\" y=\"\(svgNumber(y + 3))\" width=\"2\" height=\"1.8\" fill=\"#fff\"/>"
        case .hourglass: return poly([(-5, -6), (5, -6), (-5, 6), (5, 6)], fill: false)
        case .upTriangle: return poly([(0, -7), (6, 5), (-6, 5)], fill: false)
        case .chevron: return path("M\(svgNumber(x - 4)) \(svgNumber(y - 6))L\(svgNumber(x + 3)) \(Y)L\(svgNumber(x - 4)) \(svgNumber(y + 6))", width: 2.6)
        }
    }

    /// The legend for the styles a page uses: each glyph drawn next to its label.
    static func legend(_ styles: [MarkStyle]) -> String {
        var out = "<ul class=\"legend\">"
        for style in all where styles.contains(style) {
            out += "<li><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 20 20\" width=\"18\" height=\"18\" aria-hidden=\"true\">"
            out += style.shape(x: 10, y: 10) + "</svg> \(HTML.text(style.label))</li>\n"
        }
        return out + "</ul>"
    }
}
