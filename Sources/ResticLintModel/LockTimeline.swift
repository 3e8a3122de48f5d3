/// What a run's log shows of its locking, as marks on lanes (one per lock file, plus the run's own
/// locking), for reports that draw it. The pipeline builds it (`LockTimeline(_:meanings:)`) from the
/// rules' classified events and captured fields when the run closes, folded and capped so a run with
/// thousands of retries stays small.
package struct LockTimeline: Sendable, Equatable {
    package enum Kind: String, Sendable, CaseIterable {
        case list, loadOK, loadFailed, loadNotFound, loadCancelled, retry, breakerOpen, held
        case create, refresh, remove, finalError
    }

    package struct Mark: Sendable, Equatable {
        package var kind: Kind
        /// `lock/91b9421fff`, or nil for the run's own locking.
        package var file: String?
        package var line: Int
        package var lastLine: Int
        /// Consecutive marks of one kind on one lane are one mark.
        package var count: Int
        /// Seconds since the epoch (or since the start of the year, for syslog stamps) when the line has a time.
        package var time: Int64?
        package var lastTime: Int64?
        /// The first event's text, cut to the pipeline's `LockTimeline.textLimit` characters.
        package var text: String

        package init(kind: Kind, file: String?, line: Int, lastLine: Int, count: Int, time: Int64?, lastTime: Int64?,
                     text: String) {
            self.kind = kind
            self.file = file
            self.line = line
            self.lastLine = lastLine
            self.count = count
            self.time = time
            self.lastTime = lastTime
            self.text = text
        }
    }

    package var marks: [Mark] = []
    /// Marks beyond the pipeline's `LockTimeline.markCap`, counted only.
    package var omitted = 0

    package init() {}
}
