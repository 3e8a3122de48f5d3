import ResticLintMatching

/// Choosing a message's candidate patterns by their literals, and the cheap verdict on a plain
/// message (`mayRecognise`) whose selection `recognise` reuses.
extension EventClassifier {
    /// Whether one plain message (bytes after the wrapper prefixes: ASCII, no JSON, no colour codes)
    /// could make an event. False only when no pattern, run marker or block can match it, so such a
    /// line, most of those a listing's paths let through, is never decoded; anything else takes the
    /// full path, which decides.
    package func mayRecognise(_ message: UnsafeBufferPointer<UInt8>) -> Bool {
        // Any message may continue or end a pending block.
        guard pending == nil else { return true }
        let text = UnsafeBufferPointer(rebasing: message.prefix(EventClassifier.messageLimit))
        let found = literals.select(text, knownASCII: true, skippingListings: true)
        if mayMatch(text, found) {
            selectedBytes.keep(text)
            selectedFound = found
            return true
        }
        selectedFound = nil
        // The full path counts the messages it cuts; this one was judged on its head too.
        if message.count > EventClassifier.messageLimit { cutMessages += 1 }
        return false
    }

    private func mayMatch(_ text: UnsafeBufferPointer<UInt8>, _ found: MessageLiterals.Found) -> Bool {
        acceptedCandidate = nil
        if found.blockLiteral || (found.markerLiteral && markers.mayMark(text)) { return true }
        // The deferred candidates last (`place`): a message another candidate passes leaves them unmatched.
        for pass in 0..<2 {
            for (position, k) in literals.candidates.enumerated() where (deferredBit[k] != nil) == (pass == 1) {
                do {
                    if try matchers[k]._withUnsafeGuaranteedRef({ try $0.firstMatch(in: text, using: acceptedMatch) }) != nil {
                        acceptedCandidate = position
                        return true
                    }
                } catch {
                    return true  // the full path reports the failure
                }
            }
        }
        return false
    }

    /// Where candidate `k`, at `position` in the candidates, comes in the order `mayMatch` tries them:
    /// the deferred ones after the others, each in candidate order.
    func place(_ position: Int, _ k: Int) -> Int {
        deferredBit[k] == nil ? position : position + 1 << 16
    }

    /// The selection for `message`, and `acceptedCandidate` when it is the kept message's.
    func select(_ message: UnsafeBufferPointer<UInt8>) -> Selection {
        if let found = selectedFound, selectedBytes.equals(message) {
            return (found, acceptedCandidate)
        }
        selectedFound = nil
        return (literals.select(message), nil)
    }

    /// The kept selection when `message` is the message `mayRecognise` kept, else nil: compared once
    /// for both the block check and `recognise`.
    func keptSelection(_ message: String) -> Selection? {
        guard let found = selectedFound else { return nil }
        // Read in place (a native String is contiguous): `withUTF8` needs a mutable copy, which cost a
        // retain and release of the text per event.
        let equal = message.utf8.withContiguousStorageIfAvailable { selectedBytes.equals($0) }
            ?? { var copy = message; return copy.withUTF8 { selectedBytes.equals($0) } }()
        return equal ? (found, acceptedCandidate) : nil
    }

    /// False when the message is the one `mayRecognise` kept (`kept`) and its selection found no block
    /// literal: the block head and the headless tail each need one, and matching both cost every event
    /// of a retry storm two PCRE2 calls (~740 instructions).
    func mayStartBlock(_ kept: Selection?) -> Bool {
        kept?.found.blockLiteral ?? true
    }
}
