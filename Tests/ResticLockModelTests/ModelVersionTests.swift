import Testing
@testable import ResticLockModel
import ResticFormats

@Suite struct ModelVersionTests {
    @Test(arguments: [
        ("0.16.4", ModelVersion.v0_16), ("0.16.0", .v0_16), ("0.15.2", .v0_16), ("0.9.6", .v0_16),
        ("0.17.0", .v0_17_0), ("v0.17.0", .v0_17_0), ("restic 0.17.0", .v0_17_0),
        ("0.17.1", .v0_17_1), ("0.17.3", .v0_17_1), ("0.18.1", .v0_17_1), ("0.19.1", .v0_17_1), ("1.0.0", .v0_17_1),
        ("0.12.1 (v0.12.1-41-g10b39d75)", .v0_16), ("0.17.0-dev", .v0_17_0),
    ])
    func mapsVersions(text: String, expected: ModelVersion) {
        #expect(ModelVersion.forResticVersion(text) == expected)
    }

    @Test(arguments: ["", "latest", "0", "0.x.1", "0.17.0.1"])
    func rejectsUnparsable(text: String) {
        #expect(ModelVersion.forResticVersion(text) == nil)
    }

    @Test func rawValuesNameTheModels() {
        #expect(ModelVersion.allCases.map(\.rawValue) == ["0.16", "0.17.0", "0.17.1"])
    }

    @Test func lockCheckAttemptsPerVersion() {
        #expect(ModelVersion.v0_16.lockCheckAttempts == 3)
        #expect(ModelVersion.v0_17_0.lockCheckAttempts == 3)
        #expect(ModelVersion.v0_17_1.lockCheckAttempts == 4)
        #expect(ModelVersion.v0_17_1.lockCheckDelays == [5, 10, 20].map { $0 * Nanos.second })
    }
}
