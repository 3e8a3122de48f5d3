import ResticFormats
import Testing
@testable import ResticLintMatching
@testable import ResticLintRules

/// An event's fields are spans into one `FieldStorage`: captures point into the message, derived
/// values into bytes of their own. Whatever the message and however the fields were gathered, each
/// hit must read back exactly the Strings a dictionary built alongside holds.
@Suite struct FieldStorageTests {
    /// Pieces of messages: ASCII, multi-byte characters, a combining mark, the separator `/`.
    static let pieces = ["a", "lock", "data", "/", " ", "é", "日本", "\u{301}", "x-y", "0123456789abcdef", "ü/ß"]

    /// Every capture and derived field of random messages, gathered by one `GatheredFields` reused
    /// from message to message (so its buffers grow and are reused), read back from the storage.
    @Test(arguments: 0..<4) func gatheredFieldsReadBackAsTheirStrings(seed: Int) throws {
        var random = Xoshiro256StarStar(seed: UInt64(seed))
        // The captures start anywhere in the first few characters, and the last one is always the
        // empty string at the message's end.
        let regex = try PCRE2Regex("^[^/]{0,3}(?<head>[^/]*)/(?<tail>.*?)(?<end>$)")
        let names = FieldNames(regex.captureNames.map(\.name))
        let captures = CaptureFields(regex, names: names)
        let gathered = GatheredFields(names: names, captures: [captures])
        let matchData = MatchData()
        for _ in 0..<300 {
            let text = (0..<(1 + random.below(40))).map { _ in Self.pieces[random.below(Self.pieces.count)] }.joined() + "/"
            var bytes = Array(text.utf8)
            let (fields, expected) = try bytes.withUnsafeMutableBufferPointer { buffer in
                let subject = UnsafeBufferPointer(buffer)
                gathered.startMessage(subject)
                var hits: [(Range<Int>, [String: String])] = []
                for _ in 0..<(1 + random.below(4)) {
                    gathered.startHit()
                    var expected: [String: String] = [:]
                    if random.coinFlip() {
                        try #require(try regex.firstMatch(in: subject, using: matchData) != nil)
                        gathered.appendCaptures(ofPattern: 0, in: matchData.offsets)
                        for (name, index) in regex.captureNames {
                            let range = try #require(regex.captureRange(index, in: matchData))
                            expected[name] = String(decoding: subject[range], as: UTF8.self)
                        }
                        #expect(expected["end"] == "")
                    }
                    for _ in 0..<random.below(5) {
                        let value = (0..<random.below(30)).map { _ in Self.pieces[random.below(Self.pieces.count)] }.joined()
                        let name = [FieldNames.lockAge, FieldNames.lockKind, FieldNames.lockAgeHuman][random.below(3)]
                        gathered.set(name, value)
                        expected[names.names[Int(name)]] = value
                    }
                    if let head = gathered.span(names.number("head")!), random.coinFlip() {
                        let length = random.below(gathered.bytes(at: head).count + 1)
                        gathered.set(FieldNames.handleType, prefixOf: head, count: length, replacing: true)
                        let headRange = try #require(regex.captureRange(regex.captureNames.first { $0.name == "head" }!.index, in: matchData))
                        expected["handle_type"] = String(decoding: subject[headRange].prefix(length), as: UTF8.self)
                    }
                    #expect(gathered.hitDictionary == expected)
                    hits.append((gathered.hitRange, expected))
                }
                let storage = gathered.collected()
                return (hits.map { HitFields(storage, Int32($0.0.lowerBound)..<Int32($0.0.upperBound)) }, hits.map(\.1))
            }
            // The message's bytes are gone; the storage holds what the fields need.
            for i in bytes.indices { bytes[i] = 0 }
            for (hit, dictionary) in zip(fields, expected) {
                #expect(hit.dictionary == dictionary, "\(text)")
                #expect(hit.count == dictionary.count)
                for (name, value) in dictionary { #expect(hit[name] == value) }
                #expect(hit["missing"] == nil)
            }
        }
    }

    /// Fields are values: changing a copy leaves the original as it was.
    @Test func changingACopyLeavesTheOriginal() {
        let original: HitFields = ["op": "Load", "handle": "data/ab12cd34ef", "error": "unexpected EOF"]
        var changed = original
        changed["op"] = "Save"
        changed["delay"] = "1.5s ü"
        changed["error"] = nil
        #expect(original.dictionary == ["op": "Load", "handle": "data/ab12cd34ef", "error": "unexpected EOF"])
        #expect(changed.dictionary == ["op": "Save", "handle": "data/ab12cd34ef", "delay": "1.5s ü"])
        #expect(changed == ["delay": "1.5s ü", "handle": "data/ab12cd34ef", "op": "Save"])
        #expect(changed != original)
    }

    @Test func theLockFileOfAHit() {
        let lock: HitFields = ["handle": "lock/91b9421fff", "handle_type": "lock"]
        let data: HitFields = ["handle": "data/91b9421fff", "handle_type": "data"]
        let holder: HitFields = ["storage_id": "91b9421fff", "handle_type": "locks"]
        #expect(lock.lockFile == "lock/91b9421fff")
        #expect(data.lockFile == nil)
        #expect(holder.lockFile == "lock/91b9421fff")
        #expect(HitFields().lockFile == nil)
    }
}
