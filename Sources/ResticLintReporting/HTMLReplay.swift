import ResticLockModel

/// The reference replay as a picture: the model's own traces of the observed and the fixed version,
/// on the same lanes and the same virtual-time scale, so the difference is where the marks are.
struct ReplayPicture {
    let observedModel: String
    let observed: [LockTraceMark]
    let fixedModel: String
    let fixed: [LockTraceMark]
    /// What x = 0 is.
    var origin = "the process start"
    /// Where the charts begin: the process start in a replay, the first mark of a simulated process.
    var from = 0.0

    static func style(_ kind: LockTraceMark.Kind) -> MarkStyle {
        switch kind {
        case .attempt: return .attempt
        case .list: return .list
        case .listFailed: return .loadFailed
        case .loadOK: return .loadOK
        case .loadFailed: return .loadFailed
        case .loadNotFound: return .notFound
        case .loadCancelled: return .cancelled
        case .breakerRecorded: return .breakerRecorded
        case .breakerOpen: return .breakerOpen
        case .create: return .create
        case .remove: return .remove
        case .retryLockWait: return .wait
        case .acquired: return .acquired
        case .failed: return .finalError
        }
    }

    /// When locking was settled (acquired or failed), else the last mark.
    static func settled(_ trace: [LockTraceMark]) -> Double {
        (trace.first { $0.kind == .acquired || $0.kind == .failed } ?? trace.last)?.seconds ?? 0
    }

    /// Both charts end a little after the later of the two settle times: what follows (the backup,
    /// the unlock at exit) is the same for both and would only squeeze the difference.
    var domain: ClosedRange<Double> {
        let end = max(Self.settled(observed), Self.settled(fixed))
        return from...max(from + (end - from) * 1.12 + 0.3, from + 1)
    }

    var lanes: [TimelineChart.Lane] {
        var files: [String] = []
        for mark in observed + fixed { if let file = mark.file, !files.contains(file) { files.append(file) } }
        return [TimelineChart.Lane(label: "restic (locking)", title: "the replayed process: lock checks, its own lock, the outcome")]
            + files.map { TimelineChart.Lane(label: $0, title: "lock file \($0)") }
    }

    func chart(_ trace: [LockTraceMark], model: String) -> TimelineChart {
        let lanes = self.lanes
        let laneOf = Dictionary(uniqueKeysWithValues: lanes.enumerated().dropFirst().map { ($1.label, $0) })
        let domain = self.domain
        let marks = trace.filter { $0.seconds <= domain.upperBound }.map { mark in
            TimelineChart.Mark(lane: mark.file.flatMap { laneOf[$0] } ?? 0, x: mark.seconds, style: Self.style(mark.kind),
                               detail: "\(TimelineChart.secondsLabel((mark.seconds * 1000).rounded() / 1000)): \(mark.detail)")
        }
        var chart = TimelineChart(title: "restic \(model) in the reference model", lanes: lanes, marks: marks,
                                  axis: .seconds(origin: origin, source: "the model's virtual time"), domain: domain)
        chart.cssClass = "timeline replay"
        return chart
    }

    /// Two figures, observed above fixed, with the outcome of each as its caption.
    func html(observedOutcome: String, fixedOutcome: String) -> String {
        var out = "<div class=\"replay\">"
        for (role, model, trace, outcome) in [("observed", observedModel, observed, observedOutcome), ("fixed", fixedModel, fixed, fixedOutcome)] {
            let later = trace.filter { $0.seconds > domain.upperBound }.count
            out += "<figure class=\"replay-\(role)\" data-model=\"\(HTML.text(model))\">"
            out += chart(trace, model: model).svg()
            out += "<figcaption><strong>restic \(HTML.text(model))\(role == "fixed" ? " (fixed)" : " (this run's version)"):</strong> \(HTML.text(outcome))"
            if later > 0 { out += " <span class=\"muted\">(\(ReportText.plural(later, "later step")) after locking, such as the unlock at exit, not drawn)</span>" }
            out += "</figcaption></figure>\n"
        }
        return out + "</div>"
    }

    var styles: [MarkStyle] { (observed + fixed).map { Self.style($0.kind) } }
}
