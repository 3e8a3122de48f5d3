import Foundation
import PackagePlugin

/// Compiles the rule catalogue (`rules/*.yml` at the package root) into the target as Swift string
/// literals, so the binary carries its rules and works from any folder. A rule file added, changed or
/// removed is picked up by the next build, with no generated file to keep in step.
@main
struct EmbedRules: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder = context.package.directoryURL.appending(path: "rules")
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { ["yml", "yaml"].contains($0.pathExtension) }
        let output = context.pluginWorkDirectoryURL.appending(path: "BuiltinRuleFiles.swift")
        // The files make an edit rerun the embedder. SwiftPM re-plans (and calls this method again) only
        // when a target folder's structure changes, so `Sources/rule-embedder/rules` links to `rules/`:
        // adding or removing a rule file then re-plans rather than leaving a stale list of inputs.
        return [.buildCommand(
            displayName: "Embedding the rule files of rules/",
            executable: try context.tool(named: "rule-embedder").url,
            arguments: [output.path, folder.path],
            inputFiles: [folder] + files,
            outputFiles: [output])]
    }
}
