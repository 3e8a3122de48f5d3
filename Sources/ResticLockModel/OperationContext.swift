/// Go's `context.Context` cancellation, reduced to what the lock code relies on: errgroup
/// cancels a shared context on the first error, and every in-flight or later operation on it
/// ends with `context canceled`.
final class OperationContext {
    static let cancelledMessage = "context canceled"

    private(set) var isCancelled = false
    // An array, not a dictionary: handlers must run in a reproducible order.
    private var handlers: [(token: Int, run: () -> Void)] = []
    private var nextToken = 1
    private weak var parent: OperationContext?
    private var parentToken = 0

    init() {}

    /// A child is cancelled with its parent, as `context.WithCancel(parent)`.
    init(parent: OperationContext) {
        self.parent = parent
        if parent.isCancelled {
            isCancelled = true
        } else {
            parentToken = parent.onCancel { [weak self] in self?.cancel() }
        }
    }

    func cancel() {
        guard !isCancelled else { return }
        isCancelled = true
        let pending = handlers
        handlers = []
        for handler in pending { handler.run() }
        detachFromParent()
    }

    /// Registers a handler; it is not called if the context is already cancelled (callers check).
    @discardableResult
    func onCancel(_ handler: @escaping () -> Void) -> Int {
        guard !isCancelled else { return 0 }
        let token = nextToken
        nextToken += 1
        handlers.append((token, handler))
        return token
    }

    func removeCancelHandler(_ token: Int) {
        if let index = handlers.firstIndex(where: { $0.token == token }) { handlers.remove(at: index) }
    }

    /// Drops the link to the parent once this context's work is over, so long-lived parents
    /// do not collect handlers of finished children.
    func detachFromParent() {
        if let parent, parentToken != 0 { parent.removeCancelHandler(parentToken) }
        parentToken = 0
        parent = nil
    }
}
