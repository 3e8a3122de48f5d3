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

/// One pattern hit whose fields a storage holds: its rule and pattern (catalogue positions), and its
/// spans, `first..<end`.
package struct HitRecord: Sendable, Equatable {
    package var rule: Int32
    package var pattern: Int32
    package var first: Int32
    package var end: Int32

    package init(rule: Int32, pattern: Int32, first: Int32, end: Int32) {
        self.rule = rule
        self.pattern = pattern
        self.first = first
        self.end = end
    }
}

package struct FieldStorageHeader {
    package let names: FieldNames
    package let spanCount: Int
    package let hitCount: Int
    package let byteCount: Int
}

/// All fields of one event in one allocation: their spans, the hits they belong to (`HitRecord`), then
/// the bytes the values are read from (the message the patterns matched, then the derived values).
/// Nothing in it is reference counted but the shared name table, so an event's hits are built with one
/// allocation and freed with one free, where an array of hits, a String per long value and a retain
/// and release per field were made and dropped.
/// A value becomes a String only when read. Never changed once made (a changed field makes a new one).
/// (`ManagedBuffer` is never Sendable; holders that share it across threads say `@unchecked` and rely
/// on that: `HitFields`.)
package final class FieldStorage: ManagedBuffer<FieldStorageHeader, FieldSpan> {
    /// Spans `spans` of hits `hits`, values read from `head` followed by `tail`.
    package static func make(names: FieldNames, hits: UnsafeBufferPointer<HitRecord> = UnsafeBufferPointer(start: nil, count: 0),
                             spans: UnsafeBufferPointer<FieldSpan>,
                             head: UnsafeBufferPointer<UInt8>, tail: UnsafeBufferPointer<UInt8>) -> FieldStorage {
        let byteCount = head.count + tail.count
        let stride = MemoryLayout<FieldSpan>.stride
        let capacity = spans.count + (hits.count * MemoryLayout<HitRecord>.stride + byteCount + stride - 1) / stride
        let buffer = FieldStorage.create(minimumCapacity: capacity) { _ in
            FieldStorageHeader(names: names, spanCount: spans.count, hitCount: hits.count, byteCount: byteCount)
        }
        let storage = unsafeDowncast(buffer, to: FieldStorage.self)
        storage.withUnsafeMutablePointerToElements { elements in
            if let base = spans.baseAddress { elements.initialize(from: base, count: spans.count) }
            let records = UnsafeMutableRawPointer(elements + spans.count).bindMemory(to: HitRecord.self, capacity: hits.count)
            if let base = hits.baseAddress { records.initialize(from: base, count: hits.count) }
            let bytes = UnsafeMutableRawPointer(records + hits.count)
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

    /// One storage for hits whose fields lie in storages of their own (hits inserted or changed after
    /// classification, or made by hand): each hit's spans and value bytes copied, and its names
    /// renumbered into one table.
    package static func make(hits: [(rule: Int32, pattern: Int32, fields: HitFields)]) -> FieldStorage {
        var names = hits.first?.fields.storage.names ?? FieldNames.fixedOnly
        for hit in hits where hit.fields.storage.names !== names {
            for field in hit.fields { names = names.adding(field.name) }
        }
        var records: [HitRecord] = [], spans: [FieldSpan] = [], bytes: [UInt8] = []
        for (rule, pattern, fields) in hits {
            let first = Int32(spans.count)
            withExtendedLifetime(fields.storage) {
                for i in Int(fields.first)..<Int(fields.end) {
                    let span = fields.storage.spans[i]
                    spans.append(FieldSpan(name: names.number(fields.storage.name(span))!, start: Int32(bytes.count), count: span.count))
                    bytes += fields.storage.valueBytes(span)
                }
            }
            records.append(HitRecord(rule: rule, pattern: pattern, first: first, end: Int32(spans.count)))
        }
        return records.withUnsafeBufferPointer { records in
            spans.withUnsafeBufferPointer { spans in
                bytes.withUnsafeBufferPointer {
                    make(names: names, hits: records, spans: spans, head: $0, tail: UnsafeBufferPointer(start: nil, count: 0))
                }
            }
        }
    }

    /// Immutable, like every storage once made.
    nonisolated(unsafe) package static let empty = make([])

    // Read through pointers: `header` is a class property, whose every read was an exclusivity
    // check; nothing writes the storage after `make`. Valid while the storage lives.
    package var spans: UnsafeMutablePointer<FieldSpan> { withUnsafeMutablePointerToElements { $0 } }
    package var hits: UnsafeBufferPointer<HitRecord> {
        withUnsafeMutablePointers { header, elements in
            UnsafeBufferPointer(start: UnsafeRawPointer(elements + header.pointee.spanCount).assumingMemoryBound(to: HitRecord.self),
                                count: header.pointee.hitCount)
        }
    }
    package var bytes: UnsafePointer<UInt8> {
        withUnsafeMutablePointers { header, elements in
            (UnsafeRawPointer(elements + header.pointee.spanCount) + header.pointee.hitCount * MemoryLayout<HitRecord>.stride)
                .assumingMemoryBound(to: UInt8.self)
        }
    }

    package var names: FieldNames { withUnsafeMutablePointerToHeader { $0.pointee.names } }

    package func name(_ span: FieldSpan) -> String { names.names[Int(span.name)] }

    package func valueBytes(_ span: FieldSpan) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: bytes + Int(span.start), count: Int(span.count))
    }

    package func value(_ span: FieldSpan) -> String { String(decoding: valueBytes(span), as: UTF8.self) }
}
