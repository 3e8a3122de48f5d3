import Testing
@testable import ResticLockModel

@Suite struct GoDurationTests {
    @Test(arguments: [
        (Int64(0), "0s"),
        (999, "999ns"),
        (1_500, "1.5µs"),
        (552_330_144, "552.330144ms"),
        (1_080_381_816, "1.080381816s"),
        (1_000_000_000, "1s"),
        (60_000_000_000, "1m0s"),
        (5_176_339_556_000, "1h26m16.339556s"),
        (7_200_000_000_000, "2h0m0s"),
        (-1_500_000_000, "-1.5s"),
    ])
    func formatsLikeGo(nanos: Int64, expected: String) {
        #expect(GoDuration.format(nanoseconds: nanos) == expected)
    }

    @Test func civilTimeRoundTrips() {
        let instant = Int64(1_691_338_463) * Nanos.second + 120_000_000
        #expect(CivilTime.goDateTime(unixNanos: instant) == "2023-08-06 16:14:23")
        #expect(CivilTime.rfc3339Nano(unixNanos: instant) == "2023-08-06T16:14:23.12Z")
        #expect(CivilTime.parseRFC3339Nano("2023-08-06T16:14:23.12Z") == instant)
        #expect(CivilTime.isoSeconds(unixNanos: 1_724_205_601 * Nanos.second) == "2024-08-21T02:00:01Z")
        #expect(CivilTime.goDateTime(unixNanos: 951_782_400 * Nanos.second) == "2000-02-29 00:00:00")
    }

    @Test func lockFileJSONRoundTrips() {
        let lock = LockFile(time: 1_724_205_600 * Nanos.second + 5, exclusive: true, hostname: "MY\"HOST", username: "me",
                            pid: 46959, uid: 502, gid: 20)
        let text = String(decoding: lock.encoded(), as: UTF8.self)
        #expect(text.hasPrefix("{\"time\":\"2024-08-21T02:00:00.000000005Z\",\"exclusive\":true,\"hostname\":\"MY\\\"HOST\""))
        #expect(LockFile.decode(lock.encoded()) == lock)
        #expect(LockFile.decode(Data("not json".utf8)) == nil)
    }
}

import Foundation
