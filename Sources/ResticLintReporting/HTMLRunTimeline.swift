import ResticLintModel

/// The per-run lock timeline: what the log shows, on one lane per lock file plus the run's own.
struct RunTimeline {
    let run: RunSummary

    static let laneCap = 12
    static let ownLane = "this run's locking"

    var isEmpty: Bool { run.lockTimeline.marks.isEmpty }

    static func style(_ kind: LockTimeline.Kind) -> MarkStyle {
        switch kind {
        case .list: return .list
        case .loadOK: return .loadOK
        case .loadFailed: return .loadFailed
        case .loadNotFound: return .notFound
        case .loadCancelled: return .cancelled
        case .retry: return .retry
        case .breakerOpen: return .breakerOpen
        case .held: return .held
        case .create: return .create
        case .refresh: return .refresh
        case .remove: return .remove
        case .finalError: return .finalError
        }
    }

    static func markID(run: Int, mark: LockTimeline.Mark) -> String {
        HTML.id("m", "r\(run)", "l\(mark.line)", mark.file ?? "own")
    }

    /// The mark that drew a line of the log, for linking evidence to it.
    func markID(forLine line: Int) -> String? {
        run.lockTimeline.marks.first { $0.line <= line && line <= $0.lastLine }.map { Self.markID(run: run.id, mark: $0) }
    }

    /// `evidenceAnchor` gives the id of a finding's evidence line, when the page shows one for the line.
    func chart(evidenceAnchor: (Int) -> String?) -> TimelineChart {
        let timeline = run.lockTimeline
        var laneOf: [String: Int] = ["": 0]
        var lanes = [TimelineChart.Lane(label: Self.ownLane, title: "restic's own lock: create, refresh, remove, and the final error")]
        var others = 0
        for mark in timeline.marks {
            guard let file = mark.file, laneOf[file] == nil else { continue }
            if lanes.count < Self.laneCap {
                laneOf[file] = lanes.count
                lanes.append(TimelineChart.Lane(label: file, title: "lock file \(file)"))
            } else {
                others += 1
            }
        }
        if others > 0 { lanes.append(TimelineChart.Lane(label: "\(others) more lock files", title: "lock files beyond the first \(Self.laneCap - 1)")) }

        let times = timeline.marks.compactMap(\.time)
        let timed = times.count == timeline.marks.count && (times.max() ?? 0) > (times.min() ?? 0)
        let lines = Array(Set(timeline.marks.map(\.line))).sorted()
        let order = Dictionary(uniqueKeysWithValues: lines.enumerated().map { ($1, Double($0)) })
        let origin = times.min() ?? 0
        let marks = timeline.marks.map { mark in
            TimelineChart.Mark(
                lane: mark.file.map { laneOf[$0] ?? lanes.count - 1 } ?? 0,
                x: timed ? Double((mark.time ?? origin) - origin) : order[mark.line] ?? 0,
                style: Self.style(mark.kind),
                detail: "line \(mark.line)" + (mark.lastLine > mark.line ? "–\(mark.lastLine)" : "") + ": " + mark.text,
                count: mark.count, id: Self.markID(run: run.id, mark: mark),
                href: evidenceAnchor(mark.line).map { "#" + $0 })
        }
        let axis: TimelineChart.Axis = timed ? .seconds(origin: Self.clock(origin), source: "the log's timestamps") : .lineOrder(lines: lines)
        let upper = timed ? Double((times.max() ?? origin) - origin) : Double(max(lines.count - 1, 1))
        return TimelineChart(title: "Lock timeline of run \(run.id)", lanes: lanes, marks: marks, axis: axis,
                             domain: timed ? 0...upper : -0.5...(upper + 0.5))
    }

    /// `02:00:01` (UTC, or the log's own zone when it gave none).
    static func clock(_ seconds: Int64) -> String {
        let day = ((seconds % 86_400) + 86_400) % 86_400
        return [day / 3600, day % 3600 / 60, day % 60].map { String($0).leftPadded(to: 2) }.joined(separator: ":")
    }
}
