/// How a rule's findings map onto a lock scenario for the reference model (the rule's `replay:`
/// field). The rules own the vocabulary; the reference stage (`LockReplayer`) builds a scenario for each.
public enum ReplayKind: String, CaseIterable, Sendable {
    /// A lock vanished and the breaker opened for a sibling (`breaker-misfire`).
    case misfire
    /// A lock's own loads failed until the breaker opened, or keep failing.
    case failingLock = "failing-lock"
    /// A listed lock vanished before it was loaded.
    case vanishedLock = "vanished-lock"
    /// Another process holds the lock (`repository is already locked`).
    case heldLock = "held-lock"
}
