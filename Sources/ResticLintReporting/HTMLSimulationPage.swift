import ResticLockModel

/// `resticlint simulate --html PATH`: the failure rates per model as a bar chart (with the same
/// figures in a table), then, per model and failure kind, the model's trace of the first process
/// that failed so, run again with its trace recorded.
package enum HTMLSimulationPage {
    package static func render(_ report: SimulationReport, toolVersion: String) -> String {
        let config = report.config
        let setup = "\(config.processes) concurrent backups, list lag \(svgNumber(config.listLag)) s, \(config.backend.rawValue), "
            + "\(config.connections) connections, \(config.runs) runs per model, seed \(config.seed)"
        var body = "<section id=\"rates\"><h2>Failure rates</h2><p>\(HTML.text(setup)).</p>\n"
        body += bars(report) + table(report) + "</section>\n"
        body += "<section id=\"failures\"><h2>One failing process per failure kind</h2>"
        var styles: [MarkStyle] = []
        var any = false
        for model in report.models {
            for (kind, failed) in model.firstFailures.sorted(by: { $0.key < $1.key }) {
                any = true
                let trace = Simulation.trace(failed, model: model.model, config: config)
                var picture = ReplayPicture(observedModel: model.model.rawValue, observed: trace, fixedModel: model.model.rawValue, fixed: [])
                picture.origin = "the run's start"
                picture.from = (trace.first?.seconds ?? 0).rounded(.down)
                styles += picture.styles
                let caption = "restic \(model.model.rawValue), \(kind): run \(failed.run), process \(failed.process + 1) of \(config.processes)"
                body += "<figure class=\"failure\" data-model=\"\(HTML.text(model.model.rawValue))\" data-kind=\"\(HTML.text(kind))\">"
                body += "<h3>\(HTML.text(caption))</h3>\n" + picture.chart(trace, model: model.model.rawValue).svg()
                let outcome = trace.last { $0.kind == .failed }?.detail ?? "the process did not finish locking"
                body += "<figcaption>\(HTML.text(outcome))</figcaption></figure>\n"
            }
        }
        body += any ? MarkStyle.legend(styles) : "<p>No process failed in any model.</p>\n"
        body += "</section>\n"
        return HTMLPage.document(title: "resticlint simulate", subtitle: "resticlint \(toolVersion) · \(setup)", body: body, toolbar: false)
    }

    /// One bar per model: the share of runs in which some process failed to lock, labelled with the
    /// figure, so the bars read without colour.
    static func bars(_ report: SimulationReport) -> String {
        let rowHeight = 34.0, left = 110.0, width = 900.0, right = 230.0
        let height = Double(report.models.count) * rowHeight + 40
        let top = max(report.models.map(\.failedRunShare).max() ?? 0, 0.01)
        let scale = TimelineChart.niceTicks(0...top * 100).last.map { max($0, top * 100) } ?? 100
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline bars\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" "
        out += "aria-label=\"share of runs with a failed lock, per model\"><title>share of runs with a failed lock, per model</title>"
        for (index, model) in report.models.enumerated() {
            let y = 8 + Double(index) * rowHeight
            let share = model.failedRunShare * 100
            let length = (width - left - right) * share / scale
            out += "<g class=\"bar\" data-model=\"\(HTML.text(model.model.rawValue))\" data-share=\"\(svgNumber(share))\">"
            out += "<text class=\"bar-label\" x=\"6\" y=\"\(svgNumber(y + 17))\">restic \(HTML.text(model.model.rawValue))</text>"
            out += "<rect x=\"\(svgNumber(left))\" y=\"\(svgNumber(y))\" width=\"\(svgNumber(max(length, 1)))\" height=\"24\" fill=\"\(share > 0 ? "#D55E00" : "#009E73")\"/>"
            out += "<text class=\"bar-label\" x=\"\(svgNumber(left + max(length, 1) + 6))\" y=\"\(svgNumber(y + 17))\">\(svgNumber(share)) % (\(model.failedRuns)/\(model.runs) runs)</text></g>\n"
        }
        let axisY = 8 + Double(report.models.count) * rowHeight
        out += "<g class=\"axis\"><line x1=\"\(svgNumber(left))\" x2=\"\(svgNumber(width - right))\" y1=\"\(svgNumber(axisY))\" y2=\"\(svgNumber(axisY))\"/>"
        for tick in TimelineChart.niceTicks(0...scale) {
            let x = left + (width - left - right) * tick / scale
            out += "<text x=\"\(svgNumber(x))\" y=\"\(svgNumber(axisY + 16))\" text-anchor=\"middle\">\(svgNumber(tick)) %</text>"
        }
        return out + "<text class=\"axis-label\" x=\"\(svgNumber(width - right + 8))\" y=\"\(svgNumber(axisY + 16))\">runs with a failed lock</text></g></svg>"
    }

    static func table(_ report: SimulationReport) -> String {
        var out = "<table class=\"rates\"><thead><tr><th>model</th><th>runs failed</th><th>share</th><th>processes failed</th><th>by kind</th></tr></thead><tbody>"
        for model in report.models {
            let kinds = model.failuresByKind.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \($0.value)" }
            out += "<tr data-model=\"\(HTML.text(model.model.rawValue))\"><td>restic \(HTML.text(model.model.rawValue))</td>"
            out += "<td class=\"num\">\(model.failedRuns)/\(model.runs)</td><td class=\"num\">\(svgNumber(model.failedRunShare * 100)) %</td>"
            out += "<td class=\"num\">\(model.failedProcesses)/\(model.processes)</td><td>\(HTML.text(kinds.joined(separator: ", ")))</td></tr>\n"
        }
        return out + "</tbody></table>"
    }
}
