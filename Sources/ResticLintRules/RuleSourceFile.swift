import Foundation

/// One rule file's text and the name errors and `rules explain` give it.
public struct RuleSourceFile: Sendable {
    public var name: String
    public var text: String

    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }

    init(readingPath path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw RuleFileError(file: path, line: 0, column: 0, message: "cannot read rule file")
        }
        defer { try? handle.close() }
        let data = (try? handle.readToEnd()) ?? Data()
        self.init(name: path, text: String(decoding: data, as: UTF8.self))
    }

    /// The catalogue version: the first 12 hex digits of SHA-256 over every file's base name and text,
    /// in load order. A content hash rather than a hand-kept number, because rule files change in many
    /// branches and a number nobody bumps would claim two different catalogues are the same; the hash
    /// is the same wherever the same files are loaded (compiled in, `rules/`, `/usr/share/resticlint/rules`).
    public static func version(of files: [RuleSourceFile]) -> String {
        let named = files.map { file in (file.name.split(separator: "/").last.map(String.init) ?? file.name) + "\u{0}" + file.text }
        return String(SHA256.hex(named.joined(separator: "\u{0}")).prefix(12))
    }
}

/// The rule catalogue compiled into the binary; `files` is generated from `rules/*.yml` by the
/// EmbedRules build plugin whenever `rules/` changes (bare file names, sorted).
enum BuiltinRules {}
