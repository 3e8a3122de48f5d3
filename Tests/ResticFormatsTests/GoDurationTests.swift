import Foundation
import Testing
import ResticFormats

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

    @Test func parsesWhatItFormats() {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<2_000 {
            let nanos = Int64(rng.next() % 100_000_000_000_000)
            let parsed = GoDuration.seconds(GoDuration.format(nanoseconds: nanos))
            #expect(parsed.map { abs($0 - Nanos.toSeconds(nanos)) < 1e-6 } == true)
        }
        #expect(GoDuration.seconds("1h26m16.339556s")! == 5176.339556)
        #expect(GoDuration.seconds("552.330144ms")! == 0.552330144)
        #expect(GoDuration.seconds("12µs")! < 0.001)
        #expect(GoDuration.seconds("soon") == nil)
        #expect(GoDuration.humanized(5176) == "1h26m")
    }

    @Test func masksDurationsOnly() {
        #expect(GoDuration.masked("retrying after 552.330144ms: x") == "retrying after <duration>: x")
        #expect(GoDuration.masked("created (1h2m3.5s ago)") == "created (<duration> ago)")
        #expect(GoDuration.masked("restic 0.17.0 lock/5c0f3e6a1b 404 go1.22.5 10s3") == "restic 0.17.0 lock/5c0f3e6a1b 404 go1.22.5 10s3")
    }

    @Test func civilDaysMatchFoundationsCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for (year, month, day) in [(1970, 1, 1), (2000, 2, 29), (2024, 8, 21), (1969, 12, 31), (2100, 3, 1)] {
            let date = calendar.date(from: DateComponents(year: year, month: month, day: day))!
            #expect(CivilTime.daysFromCivil(year: year, month: month, day: day) == Int64(date.timeIntervalSince1970 / 86_400))
        }
    }

    @Test func jsonStringsDecodeToTheirText() throws {
        for text in ["plain", "quote \" and \\ backslash", "line\nbreak\ttab", "\u{01}\u{1F}\u{7F}", "µ <lock/91b9421fff>"] {
            let decoded = try JSONSerialization.jsonObject(with: Data(JSONString.quoted(text).utf8), options: .fragmentsAllowed)
            #expect(decoded as? String == text)
        }
    }
}
