#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// restic's `--json` progress lines without a message, which `LineNormalizer.plainMessage` reads as
/// plain. One names its action's path, so a path holding `error` makes it a candidate line: the
/// generic `starts(with:)` and a key search stopping at every `"` cost ~6,500 instructions a line.
enum MessagelessProgress {
    private static let heads = [#"{"message_type":"verbose_status","#, #"{"message_type":"status","#, #"{"message_type":"summary","#]
        .map { Array($0.utf8) }
    /// Keys that would give a decoded object a message (`JSONMessage.extract`); each starts with a quote.
    private static let messageKeys = [#""message":"#, #""msg":"#, #""MESSAGE":"#, #""go_version""#].map { Array($0.utf8) }

    /// Whether `message` starts as a progress line and holds no key that would give it a message.
    static func holds(_ message: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = message.baseAddress,
              heads.contains(where: { head in head.count <= message.count && memcmp(base, head, head.count) == 0 })
        else { return false }
        return !messageKeys.contains { holdsKey(message, $0) }
    }

    /// Whether `key` (two bytes or more) occurs in `bytes`: found by its second byte, rarer in a JSON
    /// record than its quote.
    static func holdsKey(_ bytes: UnsafeBufferPointer<UInt8>, _ key: [UInt8]) -> Bool {
        guard let base = bytes.baseAddress, key.count <= bytes.count else { return false }
        var from = 1
        while from < bytes.count, let found = memchr(base + from, Int32(key[1]), bytes.count - from) {
            let start = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base - 1
            if start + key.count > bytes.count { return false }
            if memcmp(base + start, key, key.count) == 0 { return true }
            from = start + 2
        }
        return false
    }
}
