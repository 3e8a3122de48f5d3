/// Where one field is: its name's number (`FieldNames`) and its value's bytes in the storage.
package struct FieldSpan: Sendable, Equatable {
    package var name: Int32
    package var start: Int32
    package var count: Int32

    package init(name: Int32, start: Int32, count: Int32) {
        self.name = name
        self.start = start
        self.count = count
    }
}

package struct FieldStorageHeader {
    package let names: FieldNames
    package let spanCount: Int
    package let byteCount: Int
}

/// All fields of one event in one allocation: their spans, then the bytes the values are read from
/// (the message the patterns matched, then the derived values). Nothing in it is reference counted
/// but the shared name table, so an event is built with one allocation for its fields and freed with
/// one free, where a String per long value and a retain and release per field were made and dropped.
/// A value becomes a String only when read. Never changed once made (a changed field makes a new one).
/// (`ManagedBuffer` is never Sendable; holders that share it across threads say `@unchecked` and rely
/// on that: `HitFields`.)
package final class FieldStorage: ManagedBuffer<FieldStorageHeader, FieldSpan> {
    /// Spans `spans`, values read from `head` followed by `tail`.
    package static func make(names: FieldNames, spans: UnsafeBufferPointer<FieldSpan>,
                             head: UnsafeBufferPointer<UInt8>, tail: UnsafeBufferPointer<UInt8>) -> FieldStorage {
        let byteCount = head.count + tail.count
        let stride = MemoryLayout<FieldSpan>.stride
        let capacity = spans.count + (byteCount + stride - 1) / stride
        let buffer = FieldStorage.create(minimumCapacity: capacity) { _ in
            FieldStorageHeader(names: names, spanCount: spans.count, byteCount: byteCount)
        }
        let storage = unsafeDowncast(buffer, to: FieldStorage.self)
        storage.withUnsafeMutablePointerToElements { elements in
            if let base = spans.baseAddress { elements.initialize(from: base, count: spans.count) }
            let bytes = UnsafeMutableRawPointer(elements + spans.count)
            if let base = head.baseAddress { bytes.copyMemory(from: base, byteCount: head.count) }
            if let base = tail.baseAddress { (bytes + head.count).copyMemory(from: base, byteCount: tail.count) }
        }
        return storage
    }

    /// Name/value pairs in order, for fields made outside the classifier (tests, changed fields).
    package static func make(_ pairs: [(name: String, value: String)], names: FieldNames? = nil) -> FieldStorage {
        var names = names ?? FieldNames(pairs.map(\.name))
        for pair in pairs { names = names.adding(pair.name) }
        var spans: [FieldSpan] = []
        var bytes: [UInt8] = []
        for (name, value) in pairs {
            spans.append(FieldSpan(name: names.number(name)!, start: Int32(bytes.count), count: Int32(value.utf8.count)))
            bytes += value.utf8
        }
        return spans.withUnsafeBufferPointer { spans in
            bytes.withUnsafeBufferPointer { make(names: names, spans: spans, head: $0, tail: UnsafeBufferPointer(start: nil, count: 0)) }
        }
    }

    /// Immutable, like every storage once made.
    nonisolated(unsafe) package static let empty = make([])

    // Read through pointers: `header` is a class property, whose every read was an exclusivity
    // check; nothing writes the storage after `make`. Valid while the storage lives.
    package var spans: UnsafeMutablePointer<FieldSpan> { withUnsafeMutablePointerToElements { $0 } }
    package var bytes: UnsafePointer<UInt8> {
        withUnsafeMutablePointers { header, elements in
            UnsafeRawPointer(elements + header.pointee.spanCount).assumingMemoryBound(to: UInt8.self)
        }
    }

    package var names: FieldNames { withUnsafeMutablePointerToHeader { $0.pointee.names } }

    package func name(_ span: FieldSpan) -> String { names.names[Int(span.name)] }

    package func valueBytes(_ span: FieldSpan) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: bytes + Int(span.start), count: Int(span.count))
    }

    package func value(_ span: FieldSpan) -> String { String(decoding: valueBytes(span), as: UTF8.self) }
}
