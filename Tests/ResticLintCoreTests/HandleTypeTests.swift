import ResticFormats
import Testing
@testable import ResticLintRules

/// `handle_type` is what precedes a handle's first `/` Character. `DerivedFields.typeLength` finds it
/// on bytes where that is safe and decodes the handle otherwise; both must give what decoding always
/// gives, on any bytes: combining marks and joiners after the `/`, multi-byte characters before it,
/// invalid UTF-8 (whose repair shifts the offsets the String route reports), or no `/` at all.
@Suite struct HandleTypeTests {
    static let pieces: [[UInt8]] = ["lock", "data", "/", "0123abcdef", "é", "日本", "\u{301}", "\u{200D}", "\r", "\n", "-"]
        .map { Array($0.utf8) } + [[0xFF], [0xC3], [0x80]]

    /// The definition: the first `/` Character of the decoded handle, as a length in its UTF-8.
    static func decodedTypeLength(_ handle: [UInt8]) -> Int? {
        let text = String(decoding: handle, as: UTF8.self)
        return text.firstIndex(of: "/").map { text.utf8.distance(from: text.startIndex, to: $0) }
    }

    @Test func typeLengthIsTheFirstSlashCharacter() {
        var random = Xoshiro256StarStar(seed: 11)
        for _ in 0..<20_000 {
            let handle = (0..<random.below(7)).flatMap { _ in Self.pieces[random.below(Self.pieces.count)] }
            let length = handle.withUnsafeBufferPointer { DerivedFields.typeLength($0) }
            #expect(length == Self.decodedTypeLength(handle), "\(handle)")
        }
    }

    @Test func typeLengthCases() {
        func length(_ text: String) -> Int? { Array(text.utf8).withUnsafeBufferPointer { DerivedFields.typeLength($0) } }
        #expect(length("lock/91b9421fff") == 4)
        #expect(length("index/") == 5)
        #expect(length("config") == nil)
        #expect(length("") == nil)
        // A combining mark makes `/́` one Character that is not `/`: the next `/` is the first one.
        #expect(length("a/\u{301}b/c") == 5)
        #expect(length("é/x") == 2)
    }
}
