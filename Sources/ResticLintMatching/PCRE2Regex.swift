import CPCRE2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a pattern came from, so compile and match-limit errors point at the rule file.
public struct PatternSource: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public init(file: String, line: Int = 0, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }
    public var description: String { line > 0 ? "\(file):\(line):\(column)" : file }
}

public struct RegexError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var source: PatternSource
    public var description: String { "\(source): \(message)" }
}

/// A compiled PCRE2 pattern: JIT-compiled when the library supports it, with a match limit so a
/// pathological user pattern fails one line instead of hanging a CI job.
/// The pattern is compiled (and so checked) at once, but JIT-compiled on its first match: that is most
/// of the cost of compiling, and a run tries only some of the catalogue's patterns (an empty one none).
/// Sendable because every stored property is a `let` set in `init`, and the C objects behind the
/// pointers are only read afterwards, except for the one JIT compilation, done under `jitLock` before
/// any match of the pattern: pcre2 compiled code (JIT included) and a match context may be shared by
/// threads that each bring their own match data (pcre2api(3) "Multithreading", pcre2jit(3)).
package final class PCRE2Regex: @unchecked Sendable {
    private let code: OpaquePointer
    private let context: OpaquePointer
    /// `JITState`, read and written through `cpcre2_load_acquire` and `cpcre2_store_release`.
    private let jitState: UnsafeMutablePointer<Int32>
    package let pattern: String
    package let source: PatternSource
    package let captureNames: [(name: String, index: Int)]
    /// With `(?J)`-style duplicate names the first group that matched wins; only then must
    /// `captures` look a name up before setting it.
    package let hasDuplicateNames: Bool

    package static let defaultMatchLimit: UInt32 = 1_000_000
    package static let defaultDepthLimit: UInt32 = 10_000

    package static let jitSupported: Bool = {
        var flag: UInt32 = 0
        return pcre2_config_8(UInt32(PCRE2_CONFIG_JIT), &flag) >= 0 && flag == 1
    }()

    package static var libraryVersion: String {
        var buffer = [UInt8](repeating: 0, count: 64)
        let written = pcre2_config_8(UInt32(PCRE2_CONFIG_VERSION), &buffer)
        guard written > 1 else { return "unknown" }
        return String(decoding: buffer.prefix(Int(written) - 1), as: UTF8.self)
    }

    package init(
        _ pattern: String,
        caseInsensitive: Bool = false,
        multiline: Bool = false,
        source: PatternSource = PatternSource(file: "<builtin>"),
        matchLimit: UInt32 = PCRE2Regex.defaultMatchLimit
    ) throws {
        // UTF mode with MATCH_INVALID_UTF never rejects broken input.
        var options = UInt32(PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_DUPNAMES)
        if caseInsensitive { options |= UInt32(PCRE2_CASELESS) }
        if multiline { options |= UInt32(PCRE2_MULTILINE) }
        var errorCode: Int32 = 0
        var errorOffset = 0
        let compiled = pattern.withCString { cPattern in
            cPattern.withMemoryRebound(to: UInt8.self, capacity: pattern.utf8.count) {
                pcre2_compile_8($0, pattern.utf8.count, options, &errorCode, &errorOffset, nil)
            }
        }
        guard let compiled else {
            throw RegexError(
                message: "invalid regex at offset \(errorOffset): \(PCRE2Regex.errorText(errorCode)) in /\(pattern)/",
                source: source)
        }
        code = compiled
        context = pcre2_match_context_create_8(nil)
        pcre2_set_match_limit_8(context, matchLimit)
        pcre2_set_depth_limit_8(context, PCRE2Regex.defaultDepthLimit)
        jitState = .allocate(capacity: 1)
        jitState.initialize(to: JITState.pending)
        self.pattern = pattern
        self.source = source
        captureNames = PCRE2Regex.readCaptureNames(compiled)
        hasDuplicateNames = Set(captureNames.map(\.name)).count < captureNames.count
    }

    deinit {
        pcre2_code_free_8(code)
        pcre2_match_context_free_8(context)
        jitState.deallocate()
    }

    private enum JITState {
        static let pending: Int32 = 0, ready: Int32 = 1, unavailable: Int32 = 2
    }

    /// Whether `^` and `$` may match at line breaks (the multiline option given at compile time).
    package var isMultiline: Bool {
        var options: UInt32 = 0
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_ARGOPTIONS), &options)
        return options & UInt32(PCRE2_MULTILINE) != 0
    }

    /// Whether matches run JIT code; the first call (on any thread) JIT-compiles the pattern.
    package var isJIT: Bool {
        let state = cpcre2_load_acquire(jitState)
        return state == JITState.ready || (state == JITState.pending && compileJIT())
    }

    /// Whether the JIT compilation was tried yet, without trying it.
    package var jitAttempted: Bool { cpcre2_load_acquire(jitState) != JITState.pending }

    private func compileJIT() -> Bool {
        pthread_mutex_lock(jitLock)
        defer { pthread_mutex_unlock(jitLock) }
        if cpcre2_load_acquire(jitState) == JITState.pending {
            let compiled = PCRE2Regex.jitSupported && pcre2_jit_compile_8(code, UInt32(PCRE2_JIT_COMPLETE)) == 0
            cpcre2_store_release(jitState, compiled ? JITState.ready : JITState.unavailable)
        }
        return cpcre2_load_acquire(jitState) == JITState.ready
    }

    static func errorText(_ code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = pcre2_get_error_message_8(code, &buffer, buffer.count)
        return length > 0 ? String(decoding: buffer.prefix(Int(length)), as: UTF8.self) : "error \(code)"
    }

    private static func readCaptureNames(_ code: OpaquePointer) -> [(name: String, index: Int)] {
        var count: UInt32 = 0
        var entrySize: UInt32 = 0
        var table: UnsafePointer<UInt8>?
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMECOUNT), &count)
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMEENTRYSIZE), &entrySize)
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMETABLE), &table)
        guard count > 0, let table else { return [] }
        return (0..<Int(count)).map { entry in
            let row = table + entry * Int(entrySize)
            let index = Int(row[0]) << 8 | Int(row[1])
            let nameBytes = UnsafeBufferPointer(start: row + 2, count: Int(entrySize) - 2)
            let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
            return (name, index)
        }
    }

    /// Finds the first match in `subject` at or after `start`. Returns nil when there is none;
    /// throws when the match limit is hit.
    package func firstMatch(
        in subject: UnsafeBufferPointer<UInt8>, from start: Int = 0, using matchData: MatchData
    ) throws -> Range<Int>? {
        guard let base = subject.baseAddress ?? UnsafePointer(bitPattern: 1) else { return nil }
        let rc: Int32
        if isJIT {
            rc = pcre2_jit_match_8(code, base, subject.count, start, 0, matchData.pointer, context)
        } else {
            rc = pcre2_match_8(code, base, subject.count, start, 0, matchData.pointer, context)
        }
        if rc == PCRE2_ERROR_NOMATCH { return nil }
        if rc < 0 {
            throw RegexError(message: "match failed: \(PCRE2Regex.errorText(rc))", source: source)
        }
        return matchData.ovector[0]..<matchData.ovector[1]
    }

    /// The byte range of capture `index` from the last successful match with `matchData`.
    package func captureRange(_ index: Int, in matchData: MatchData) -> Range<Int>? {
        matchData.captureRange(index)
    }

    /// Matches a whole string and returns its named captures, or nil when it does not match.
    package func captures(in text: String, using matchData: MatchData) throws -> [String: String]? {
        var text = text
        return try text.withUTF8 { buffer in
            guard try firstMatch(in: buffer, using: matchData) != nil else { return nil }
            return capturedValues(in: buffer, using: matchData)
        }
    }

    /// The named captures of the last match in `subject` with `matchData`.
    package func capturedValues(in subject: UnsafeBufferPointer<UInt8>, using matchData: MatchData) -> [String: String] {
        var result: [String: String] = [:]
        result.reserveCapacity(captureNames.count)
        for (name, index) in captureNames where !hasDuplicateNames || result[name] == nil {
            if let range = captureRange(index, in: matchData) {
                result[name] = String(decoding: UnsafeBufferPointer(rebasing: subject[range]), as: UTF8.self)
            }
        }
        return result
    }

    package func matches(_ text: String, using matchData: MatchData) throws -> Bool {
        var text = text
        return try text.withUTF8 { try firstMatch(in: $0, using: matchData) != nil }
    }
}

/// One lock for every pattern's JIT compilation: it happens once per pattern, so it is never contended for long.
nonisolated(unsafe) private let jitLock: UnsafeMutablePointer<pthread_mutex_t> = {
    let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    pthread_mutex_init(lock, nil)
    return lock
}()

/// Per-thread match scratch space; reused across matches so the hot path does not allocate.
package final class MatchData {
    let pointer: OpaquePointer
    /// The match's offsets and how many pairs they hold, fixed for the match data's life: read once
    /// here instead of through two library calls for every capture read.
    let ovector: UnsafeMutablePointer<Int>
    let pairs: Int
    package init(capacity: Int = 32) {
        pointer = pcre2_match_data_create_8(UInt32(capacity), nil)
        ovector = pcre2_get_ovector_pointer_8(pointer)
        pairs = Int(pcre2_get_ovector_count_8(pointer))
    }
    /// The byte range of capture `index` of the last successful match, nil when that group did not take part.
    package func captureRange(_ index: Int) -> Range<Int>? { offsets.captureRange(index) }
    /// Where this match data's offsets lie, for reading them without holding (and so retaining) the object.
    package var offsets: MatchOffsets { MatchOffsets(ovector: ovector, pairs: pairs) }
    /// For searches that must leave this one's captures alone (`PatternMatcher`'s exclusions), which
    /// only need to know whether they match.
    package private(set) lazy var exclusionScratch = MatchData(capacity: 1)
    deinit { pcre2_match_data_free_8(pointer) }
}

/// A `MatchData`'s offsets, valid while it lives: a plain value, so a caller that keeps it across
/// other calls does not retain and release the match data (atomic operations on every hit).
package struct MatchOffsets {
    let ovector: UnsafeMutablePointer<Int>
    let pairs: Int

    /// The byte range of capture `index` of the last successful match, nil when that group did not take part.
    package func captureRange(_ index: Int) -> Range<Int>? {
        guard index < pairs else { return nil }
        let start = ovector[2 * index]
        guard start != cpcre2_unset() else { return nil }
        return start..<ovector[2 * index + 1]
    }
}
