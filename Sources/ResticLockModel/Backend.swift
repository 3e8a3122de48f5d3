import Foundation

/// A file as List reports it.
struct FileInfo: Sendable, Equatable {
    var name: String
    var size: Int
}

/// restic's `backend.Backend`, in continuation-passing style so that it runs on the virtual
/// clock. Completions are always delivered from a clock event, never synchronously.
protocol Backend: AnyObject {
    var flavor: BackendFlavor { get }
    func list(_ type: FileType, context: OperationContext, completion: @escaping (Result<[FileInfo], BackendError>) -> Void)
    func load(_ handle: Handle, context: OperationContext, completion: @escaping (Result<Data, BackendError>) -> Void)
    func save(_ handle: Handle, data: Data, context: OperationContext, completion: @escaping (BackendError?) -> Void)
    func remove(_ handle: Handle, context: OperationContext, completion: @escaping (BackendError?) -> Void)
}

extension Backend {
    func isNotExist(_ error: BackendError) -> Bool { error.kind == .notFound }
    /// restic's `IsPermanentError`: not-found, plus whatever else the backend marks permanent.
    func isPermanentError(_ error: BackendError) -> Bool { error.kind == .notFound || error.kind == .permanent }
}
