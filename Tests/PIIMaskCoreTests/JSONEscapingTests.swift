import Foundation
import Testing

@testable import PIIMaskCore

/// `JSONEscaping.escape` copies runs of plain bytes whole; it must write what escaping byte by
/// byte writes, and `unescape` must give the bytes back.
@Suite("JSONEscaping")
struct JSONEscapingTests {
    /// Escaping one byte at a time: the rules of RFC 8259 as `escape` applies them.
    static func reference(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        for byte in bytes {
            switch byte {
            case 0x22: output += Array(#"\""#.utf8)
            case 0x5C: output += Array(#"\\"#.utf8)
            case 0x0A: output += Array(#"\n"#.utf8)
            case 0x0D: output += Array(#"\r"#.utf8)
            case 0x09: output += Array(#"\t"#.utf8)
            case 0x00..<0x20: output += Array(String(format: "\\u%04x", byte).utf8)
            default: output.append(byte)
            }
        }
        return output
    }

    @Test func escapesLikeTheByteByByteRules() {
        var generator = SeededGenerator(seed: 8259)
        // Mostly plain text, with every special byte and multi-byte UTF-8 mixed in, of all lengths
        // around the 16- and 8-byte steps of the search.
        let alphabet = Array("plain text 0123456789 é 😀".utf8) + [0x22, 0x5C, 0x0A, 0x0D, 0x09, 0x00, 0x01, 0x1F, 0x7F]
        for length in 0..<80 {
            for _ in 0..<40 {
                let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
                var output: [UInt8] = []
                JSONEscaping.escape(bytes.span, into: &output)
                #expect(output == Self.reference(bytes))
                var decoded: [UInt8] = []
                JSONEscaping.unescape(output.span, into: &decoded)
                #expect(decoded == bytes)
            }
        }
    }
}
