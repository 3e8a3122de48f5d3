/// A discrete-event scheduler. Concurrency (several restic processes, parallel lock loads,
/// retry sleeps) is modelled as events on one virtual timeline, so a 15-minute retry sequence
/// runs in microseconds and runs are reproducible. Events due at the same instant run in the
/// order they were scheduled.
final class VirtualClock {
    /// A scheduled event that can be called off, like a stopped Go timer.
    final class Timer {
        fileprivate var action: (() -> Void)?
        fileprivate init(_ action: @escaping () -> Void) { self.action = action }
        func cancel() { action = nil }
    }

    private struct Entry {
        let time: Int64
        let sequence: UInt64
        let timer: Timer
        func precedes(_ other: Entry) -> Bool {
            time != other.time ? time < other.time : sequence < other.sequence
        }
    }

    /// Virtual nanoseconds since the clock started.
    private(set) var now: Int64 = 0
    /// Unix nanoseconds of virtual time zero, for timestamps and lock creation times.
    let epochUnixNanos: Int64
    private var heap: [Entry] = []
    private var sequence: UInt64 = 0

    init(epochUnixNanos: Int64) { self.epochUnixNanos = epochUnixNanos }

    var unixNanos: Int64 { epochUnixNanos + now }

    @discardableResult
    func schedule(after delay: Int64, _ action: @escaping () -> Void) -> Timer {
        let timer = Timer(action)
        sequence += 1
        push(Entry(time: now + max(0, delay), sequence: sequence, timer: timer))
        return timer
    }

    /// Runs events until none are left or the next one lies beyond `limit`.
    func run(until limit: Int64 = .max) {
        while let first = heap.first, first.time <= limit {
            let entry = pop()
            guard let action = entry.timer.action else { continue }
            entry.timer.action = nil
            now = entry.time
            action()
        }
    }

    /// Go's `select { case <-ctx.Done(): case <-time.After(d): }`: `then(false)` after the
    /// delay, or `then(true)` as soon as the context is cancelled.
    func sleep(_ delay: Int64, context: OperationContext?, then: @escaping (_ cancelled: Bool) -> Void) {
        guard let context else {
            schedule(after: delay) { then(false) }
            return
        }
        if context.isCancelled {
            schedule(after: 0) { then(true) }
            return
        }
        var token = 0
        let timer = schedule(after: delay) {
            context.removeCancelHandler(token)
            then(false)
        }
        token = context.onCancel { [unowned self] in
            timer.cancel()
            self.schedule(after: 0) { then(true) }
        }
    }

    private func push(_ entry: Entry) {
        heap.append(entry)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard heap[i].precedes(heap[parent]) else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    private func pop() -> Entry {
        let top = heap[0]
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var smallest = i
                if l < heap.count, heap[l].precedes(heap[smallest]) { smallest = l }
                if r < heap.count, heap[r].precedes(heap[smallest]) { smallest = r }
                if smallest == i { break }
                heap.swapAt(i, smallest)
                i = smallest
            }
        }
        return top
    }
}
