import Foundation
import ResticFormats

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

    /// The catalogue version (`RuleCatalogDigest`), which reports carry.
    public static func version(of files: [RuleSourceFile]) -> String {
        RuleCatalogDigest.version(of: files.map { ($0.name, $0.text) })
    }
}

/// The rule catalogue compiled into the binary; `files` is generated from `rules/*.yml` by the
/// EmbedRules build plugin whenever `rules/` changes (bare file names, sorted).
enum BuiltinRules {}
