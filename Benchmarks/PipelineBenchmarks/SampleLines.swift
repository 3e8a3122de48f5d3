/// The lines the microbenchmarks feed the stages: restic's own output, as bench/generate-log writes it.
enum SampleLines {
    static let listing = "Aug 21 02:00:04 nas restic[5452]: unchanged /home/alice/projects/webshop/src/error_handler.swift"
    static let retry = "Aug 21 02:00:05 nas restic[5452]: Load(<data/3c1a9e07b2>, 0, 0) returned error, retrying after 1.174204826s: unexpected EOF"
    static let lockFailure = "Aug 21 02:00:06 nas restic[5452]: Load(<lock/798ffec919>, 0, 0) failed: The specified key does not exist."

    /// (name, line) of the three line kinds the issue names: a listed path that carries a rule's
    /// literal (`error`) and matches nothing, a retried load, a lock load that failed.
    static let kinds: [(String, String)] = [("listing line", listing), ("retry line", retry), ("lock-failure line", lockFailure)]

    /// `lines` lines of a verbose backup's listing as bench/generate-log writes it (a quarter under a
    /// journald prefix, one path in 50 with `error` in its name), every 300th a retry line.
    static func listingBuffer(lines: Int) -> [UInt8] {
        var text = ""
        for index in 0..<lines {
            let user = ["alice", "bob", "carol"][index % 3], n = index * 7919 % 100_000
            if index % 4 == 1 { text += "Aug 21 02:\(10 + index % 50):04 nas restic[5452]: " }
            switch index % 300 == 299 ? -1 : index % 50 == 49 ? -2 : index % 3 {
            case -1: text += "Load(<data/3c1a9e07b2>, 0, 0) returned error, retrying after 1.174204826s: unexpected EOF"
            case -2: text += "unchanged /home/\(user)/projects/webshop/src/error_handler.swift"
            case 0: text += "unchanged /home/\(user)/projects/webshop/src/file_\(n).go"
            case 1: text += "modified  /home/\(user)/Documents/2021/invoice_\(n).pdf, saved in 0.012s (1.234 KiB added, 0.456 KiB stored)"
            default: text += "new       /srv/www/site\(index % 40)/page_\(n).html, saved in 0.003s (12.500 KiB added)"
            }
            text += "\n"
        }
        return Array(text.utf8)
    }
}
