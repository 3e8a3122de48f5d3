import ArgumentParser
import Foundation
import ResticLintCore

/// `analyze --explain-line N`: finds line N of the input and prints what each pattern made of it.
enum LineExplanation {
    static func print(line number: Int, of sources: [InputSource], catalog: RuleCatalog) throws {
        guard sources.count == 1, let source = sources.first else {
            throw ValidationError("--explain-line needs exactly one input")
        }
        guard number >= 1 else { throw ValidationError("--explain-line counts from 1") }
        let handle: FileHandle
        switch source.origin {
        case .standardInput: handle = .standardInput
        case .file(let path), .follow(let path):
            guard let file = FileHandle(forReadingAtPath: path) else { throw CLIError.unreadableInputs([path]) }
            handle = file
        }
        var current = 1
        var line: [UInt8] = []
        reading: while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty {
            for byte in data {
                if byte == 0x0A {
                    if current == number { break reading }
                    current += 1
                    line.removeAll(keepingCapacity: true)
                } else if current == number {
                    line.append(byte)
                }
            }
        }
        guard current == number else { throw ValidationError("\(source.name) has only \(current - 1) lines") }
        Swift.print("line \(number) of \(source.name):")
        Swift.print(String(decoding: line, as: UTF8.self))
        for explanation in LineExplainer(catalog: catalog).explain(String(decoding: line, as: UTF8.self), number: number) {
            Swift.print(explanation)
        }
    }
}
