import Foundation
import Testing
import Yams

/// `action.yml` at the repository root: valid GitHub Action metadata, and consistent with itself.
@Suite struct ActionMetadataTests {
    static let actionFile = TestSupport.repositoryRoot.appendingPathComponent("action.yml")
    /// SchemaStore's schema, vendored beside the tests (see `Schemas/NOTICE.md`).
    static let schemaPath = TestSupport.repositoryRoot.appendingPathComponent("Tests/ResticLintCoreTests/Schemas/github-action.json").path

    static func metadata() throws -> (text: String, document: [String: Any]) {
        let text = try String(contentsOf: actionFile, encoding: .utf8)
        return (text, try #require(try Yams.load(yaml: text) as? [String: Any]))
    }

    @Test func validAgainstTheActionMetadataSchema() throws {
        let json = try JSONSerialization.data(withJSONObject: try Self.metadata().document)
        let file = try Python.temporaryFile(String(decoding: json, as: UTF8.self), suffix: ".json")
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try Python.run(ReportSARIFTests.validator, [Self.schemaPath, file.path])
        #expect(result.status == 0, "action.yml is invalid against \(Self.schemaPath):\n\(result.stdout)\(result.stderr)")
    }

    /// Every `inputs.X` and `steps.Y` an expression names exists, and the scripts the steps run are in the repository.
    @Test func expressionsNameDeclaredInputsAndSteps() throws {
        let (text, document) = try Self.metadata()
        let inputs = Set(try #require(document["inputs"] as? [String: Any]).keys)
        let steps = try #require((document["runs"] as? [String: Any])?["steps"] as? [[String: Any]])
        let stepIDs = Set(steps.compactMap { $0["id"] as? String })
        for name in Self.captures(#"inputs\.([A-Za-z0-9_-]+)"#, in: text) { #expect(inputs.contains(name), "undeclared input \(name)") }
        for id in Self.captures(#"steps\.([A-Za-z0-9_-]+)\."#, in: text) { #expect(stepIDs.contains(id), "no step with id \(id)") }
        for script in Self.captures(#"\$ACTION_PATH/([A-Za-z0-9_./-]+)"#, in: text) {
            let path = TestSupport.repositoryRoot.appendingPathComponent(script).path
            #expect(FileManager.default.isExecutableFile(atPath: path), "action.yml runs \(script), which is not an executable file")
        }
        let outputs = try #require(document["outputs"] as? [String: Any])
        #expect(outputs.keys.contains("exit-code"))
    }

    static func captures(_ pattern: String, in text: String) -> Set<String> {
        let regex = try! NSRegularExpression(pattern: pattern)
        let range = NSRange(text.startIndex..., in: text)
        return Set(regex.matches(in: text, range: range).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        })
    }
}
