/// The rule catalogue's version: the first 12 hex digits of SHA-256 over every file's base name and
/// text, in load order. A content hash rather than a hand-kept number, because rule files change in
/// many branches and a number nobody bumps would claim two different catalogues are the same; the
/// hash is the same wherever the same files are loaded (compiled in, `rules/`, `/usr/share/resticlint/rules`).
/// Here, not beside the rule model, because the rule embedder computes it at build time for the
/// compiled-in files (a run would otherwise hash about 115 KB of rules on every start) and cannot
/// depend on the library it builds.
package enum RuleCatalogDigest {
    package static func version(of files: [(name: String, text: String)]) -> String {
        let named = files.map { file in (file.name.split(separator: "/").last.map(String.init) ?? file.name) + "\u{0}" + file.text }
        return String(SHA256.hex(named.joined(separator: "\u{0}")).prefix(12))
    }
}
