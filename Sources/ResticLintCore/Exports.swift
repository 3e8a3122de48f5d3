// The facade: `import ResticLintCore` gives a library user (and the CLI) the public API of every
// layer. Versions, durations, time stamps and JSON values stay in ResticFormats, imported on its own.
@_exported import ResticLintRules
@_exported import ResticLintModel
@_exported import ResticLintPipeline
@_exported import ResticLintReporting
@_exported import ResticLintGate
