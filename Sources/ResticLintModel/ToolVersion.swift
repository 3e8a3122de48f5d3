/// resticlint's version, as every report and `--version` name it. Library users read it as
/// `Analyzer.toolVersion`; the report model and the reporters, which come before the driver, read it here.
public enum ToolVersion {
    public static let current = "0.1.0"
}
