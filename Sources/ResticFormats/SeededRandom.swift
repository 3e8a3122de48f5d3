import Foundation

/// SplitMix64: turns one seed into independent seeds for the streams of a run (workload,
/// latencies, backoff jitter), so adding a draw in one stream does not shift the others.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A seed for a sub-stream named by a path of numbers, e.g. (seed, run, process).
    public static func derive(_ seed: UInt64, _ path: UInt64...) -> UInt64 {
        var mixer = SplitMix64(seed: seed)
        var value = mixer.next()
        for part in path {
            mixer = SplitMix64(seed: value ^ (part &* 0xD6E8_FEB8_6659_FD93))
            value = mixer.next()
        }
        return value
    }
}

/// xoshiro256**: the model's only source of randomness. Never SystemRandomNumberGenerator, so
/// every run reproduces from its seed.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    private var s0, s1, s2, s3: UInt64

    public init(seed: UInt64) {
        var sm = SplitMix64(seed: seed)
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
    }

    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// Uniform in [0, 1), like Go's `rand.Float64`.
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    public mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + nextUnit() * (range.upperBound - range.lowerBound)
    }

    /// Uniform on a log scale: most draws near the low end, a few near the high end.
    public mutating func logUniform(_ range: ClosedRange<Double>) -> Double {
        guard range.lowerBound > 0, range.upperBound > range.lowerBound else { return range.lowerBound }
        let lo = log(range.lowerBound), hi = log(range.upperBound)
        return exp(lo + nextUnit() * (hi - lo))
    }

    /// Uniform integer in 0..<bound without modulo bias.
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        let b = UInt64(bound)
        let limit = UInt64.max - UInt64.max % b
        while true {
            let v = next()
            if v < limit { return Int(v % b) }
        }
    }

    public mutating func coinFlip() -> Bool { next() >> 63 == 1 }

    public mutating func hex(_ count: Int) -> String {
        var out = ""
        out.reserveCapacity(count)
        var bits: UInt64 = 0, left = 0
        for _ in 0..<count {
            if left == 0 { bits = next(); left = 16 }
            out.append(hexDigits[Int(bits & 0xF)])
            bits >>= 4; left -= 1
        }
        return out
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

private let hexDigits: [Character] = Array("0123456789abcdef")

/// FNV-1a: a stable hash for turning texts (log handles) into seeds. Swift's Hasher is seeded
/// per process and would break reproducibility.
public func stableHash(_ text: String) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
    return h
}

