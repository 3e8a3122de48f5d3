import Testing
import ResticFormats

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
}
