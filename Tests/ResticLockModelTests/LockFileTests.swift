import Foundation
import Testing
@testable import ResticLockModel
import ResticFormats

@Suite struct LockFileTests {
    @Test func lockFileJSONRoundTrips() {
        let lock = LockFile(time: 1_724_205_600 * Nanos.second + 5, exclusive: true, hostname: "MY\"HOST", username: "me",
                            pid: 46959, uid: 502, gid: 20)
        let text = String(decoding: lock.encoded(), as: UTF8.self)
        #expect(text.hasPrefix("{\"time\":\"2024-08-21T02:00:00.000000005Z\",\"exclusive\":true,\"hostname\":\"MY\\\"HOST\""))
        #expect(LockFile.decode(lock.encoded()) == lock)
        #expect(LockFile.decode(Data("not json".utf8)) == nil)
    }
}
