import Testing
@testable import ResticLintCore

@Suite struct VersionTests {
    @Test func parsesVersions() {
        #expect(ResticVersion("0.17.1") == ResticVersion(0, 17, 1))
        #expect(ResticVersion("v0.12.1-dev") == ResticVersion(0, 12, 1))
        #expect(ResticVersion("0.17") == ResticVersion(0, 17, 0))
        #expect(ResticVersion("latest") == nil)
    }

    @Test func constraintsAndOSVEvents() throws {
        let range = try VersionRange(constraint: ">=0.17.0 <0.17.1")
        #expect(range.contains(ResticVersion(0, 17, 0)))
        #expect(!range.contains(ResticVersion(0, 17, 1)))
        let windows = VersionRange(osvEvents: [.introduced(ResticVersion(0, 15, 0)), .fixed(ResticVersion(0, 15, 1)),
                                               .introduced(ResticVersion(0, 17, 0)), .fixed(ResticVersion(0, 17, 1))])
        #expect(windows.description == ">=0.15.0 <0.15.1 || >=0.17.0 <0.17.1")
        #expect(windows.fix(above: ResticVersion(0, 17, 0)) == ResticVersion(0, 17, 1))
        #expect(windows.fix(above: ResticVersion(0, 16, 0)) == nil)
        #expect(try VersionRange(constraint: ">=0.18.0 <0.17.0").isEmpty)
        #expect(throws: VersionRange.ParseError.self) { try VersionRange(constraint: "~0.17") }
    }

    @Test func goDurations() {
        #expect(GoDuration.seconds("1h26m16.339556s")! == 5176.339556)
        #expect(GoDuration.seconds("552.330144ms")! == 0.552330144)
        #expect(GoDuration.seconds("1m0s") == 60)
        #expect(GoDuration.seconds("12µs")! < 0.001)
        #expect(GoDuration.seconds("soon") == nil)
        #expect(GoDuration.humanized(5176) == "1h26m")
    }
}
