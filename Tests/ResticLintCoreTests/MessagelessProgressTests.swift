import Testing
@testable import ResticLintPipeline

/// A progress line is read as plain only when it holds no key that would give it a message: on
/// progress records with message keys (whole, cut, repeated, at either end) and near misses spliced
/// in, the answer must be a naive prefix and substring search's.
@Suite struct MessagelessProgressTests {
    @Test func answersAsANaiveSearch() {
        let heads = [#"{"message_type":"verbose_status","#, #"{"message_type":"status","#, #"{"message_type":"summary","#,
                     #"{"message_type":"stat"#, #"{"message_type":"error","#, ""]
        let keys = [#""message":"#, #""msg":"#, #""MESSAGE":"#, #""go_version""#]
        let pieces = keys + [#""message""#, #"message":"#, #""msg""#, #""go_version"#, #"""#, "m", "g", "M", #""action":"new","#,
                             #""item":"/home/error/msg.txt","#, #""duration":0.5,"#, "}", " "]
        var random = FuzzRandom(seed: 7)
        var (plain, withKey) = (0, 0)
        for _ in 0..<20_000 {
            let text = random.pick(heads) + (0..<random.below(8)).map { _ in random.pick(pieces) }.joined()
            let bytes = Array(text.utf8)
            let naive = heads.prefix(3).contains { text.hasPrefix($0) } && !keys.contains { key in
                let k = Array(key.utf8)
                return bytes.count >= k.count && (0...(bytes.count - k.count)).contains { Array(bytes[$0..<$0 + k.count]) == k }
            }
            #expect(bytes.withUnsafeBufferPointer { MessagelessProgress.holds($0) } == naive, "\(text)")
            if naive { plain += 1 } else if heads.prefix(3).contains(where: { text.hasPrefix($0) }) { withKey += 1 }
        }
        #expect(plain > 1000 && withKey > 1000)
    }
}
