import Testing
@testable import ResticLockModel
import ResticFormats

@Suite struct BackoffScheduleTests {
    /// Draws delays as the retry loop does, advancing time by each delay.
    func delays(_ policy: BackoffPolicy, seed: UInt64, startElapsed: Int64 = 0) -> [Int64] {
        var rng = Xoshiro256StarStar(seed: seed)
        var schedule = BackoffSchedule(policy: policy, startedAt: -startElapsed)
        var now: Int64 = 0, out: [Int64] = []
        while let d = schedule.nextDelay(now: now, rng: &rng) {
            out.append(d)
            now += d
            if out.count > 100 { break }
        }
        return out
    }

    @Test func restic016AllowsTenRetriesStartingAroundHalfASecond() {
        for seed in UInt64(1)...200 {
            let d = delays(.restic016, seed: seed)
            #expect(d.count == 10)
            #expect(d[0] >= 250 * Nanos.millisecond && d[0] <= 750 * Nanos.millisecond)
            for (k, delay) in d.enumerated() {
                let nominal = 0.5 * pow(1.5, Double(k))
                #expect(Nanos.toSeconds(delay) >= nominal * 0.5 - 1e-9 && Nanos.toSeconds(delay) <= nominal * 1.5 + 1e-9)
            }
        }
    }

    @Test func restic017DoublesFromOneSecondCapsAtSixtyAndStopsAtFifteenMinutes() {
        for seed in UInt64(1)...200 {
            let d = delays(.restic017, seed: seed)
            #expect(d.reduce(0, +) <= 15 * Nanos.minute)
            #expect(d.count >= 15 && d.count <= 30)
            for (k, delay) in d.enumerated() {
                let nominal = min(pow(2, Double(k)), 60)
                #expect(Nanos.toSeconds(delay) >= nominal * 0.5 - 1e-9 && Nanos.toSeconds(delay) <= nominal * 1.5 + 1e-9)
            }
        }
    }

    @Test func restic017RetriesAtLeastOnceEvenWhenTheBudgetIsSpent() {
        let d = delays(.restic017, seed: 3, startElapsed: 20 * Nanos.minute)
        #expect(d.count == 1)
        #expect(d[0] >= 500 * Nanos.millisecond && d[0] <= 1500 * Nanos.millisecond)
        #expect(delays(.restic016, seed: 3, startElapsed: 20 * Nanos.minute).isEmpty)
    }

    @Test func nominalScheduleWithoutJitter() {
        var policy = BackoffPolicy.restic017
        policy.randomizationFactor = 0
        let d = delays(policy, seed: 1).map { Nanos.toSeconds($0) }
        #expect(Array(d.prefix(8)) == [1, 2, 4, 8, 16, 32, 60, 60])
    }
}

import Foundation
