/// How long backend requests take, in seconds, each drawn uniformly from its range.
/// A request is served by the "server" halfway through its latency: that is the instant
/// at which it sees (or changes) the repository.
struct LatencyModel: Sendable, Equatable {
    var list: ClosedRange<Double>
    var load: ClosedRange<Double>
    var save: ClosedRange<Double>
    var remove: ClosedRange<Double>

    init(list: ClosedRange<Double>, load: ClosedRange<Double>, save: ClosedRange<Double>, remove: ClosedRange<Double>) {
        self.list = list
        self.load = load
        self.save = save
        self.remove = remove
    }

    /// Round trips of a cloud object store such as B2 seen from a home or office link.
    static let cloud = LatencyModel(list: 0.15...0.5, load: 0.08...0.4, save: 0.15...0.6, remove: 0.1...0.4)
    /// A local disk.
    static let local = LatencyModel(list: 0.001...0.005, load: 0.0005...0.002, save: 0.001...0.01, remove: 0.0005...0.002)

    static func typical(for flavor: BackendFlavor) -> LatencyModel { flavor == .local ? .local : .cloud }
}

/// Eventual consistency of the repository's storage.
struct Consistency: Sendable, Equatable {
    /// A deleted file is still listed for this many seconds.
    var listLagAfterDelete: Double
    /// A written file is listed at once but loads as not-found for this many seconds.
    var readAfterWriteDelay: Double

    init(listLagAfterDelete: Double = 0, readAfterWriteDelay: Double = 0) {
        self.listLagAfterDelete = listLagAfterDelete
        self.readAfterWriteDelay = readAfterWriteDelay
    }

    static let strong = Consistency()
}
