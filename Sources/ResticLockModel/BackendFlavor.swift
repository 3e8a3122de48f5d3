/// The storage backends whose error texts the model reproduces.
public enum BackendFlavor: String, Sendable, Codable, CaseIterable {
    case b2, s3, rest, local

    /// The not-found text each backend prints for a missing file (restic 0.17.0 sources and issues).
    public func notFoundMessage(for handle: Handle, repositoryPath: String = "/repo") -> String {
        switch self {
        case .b2: return "b2_download_file_by_name: 404: File with such name does not exist."
        case .s3: return "The specified key does not exist."
        case .rest: return "\(handle) does not exist"
        case .local: return "open \(localPath(handle, repositoryPath)): no such file or directory"
        }
    }

    /// What a Remove of a missing file returns; nil where the backend treats it as success
    /// (B2's Remove ignores not-found, S3's DeleteObject is idempotent).
    func removeNotFoundMessage(for handle: Handle, repositoryPath: String = "/repo") -> String? {
        switch self {
        case .b2, .s3: return nil
        case .rest: return "\(handle) does not exist"
        case .local: return "remove \(localPath(handle, repositoryPath)): no such file or directory"
        }
    }

    private func localPath(_ handle: Handle, _ root: String) -> String {
        handle.type == .config ? "\(root)/config" : "\(root)/\(handle.type.directory)/\(handle.name)"
    }
}

/// Recognises the not-found texts of the supported backends in an error taken from a log, so a
/// replayed failure is classified as restic's `IsNotExist` would classify it.
enum NotFoundText {
    static func matches(_ message: String) -> Bool {
        message.contains("404") || message.contains("does not exist") || message.contains("no such file or directory")
            || message.contains("NoSuchKey")
    }
}
