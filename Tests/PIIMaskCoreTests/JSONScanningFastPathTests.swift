import Testing

@testable import PIIMaskCore

/// The JSON scanner's fast paths read only the common shapes and must agree with the general
/// functions wherever they answer.
@Suite("JSON scanning fast paths")
struct JSONScanningFastPathTests {
    static let specials: [UInt8] = [0x22, 0x5C, 0x00, 0x1F, 0x0A, 0x09]
    static let plain: [UInt8] = [0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7F, 0x80, 0xFF, 0xE2, UInt8(ascii: "a"), UInt8(ascii: ":")]

    @Test func firstStringSpecialLaneAgreesWithNaiveSearch() {
        var generator = SeededGenerator(seed: 16)
        for _ in 0..<3_000 {
            var text = (0..<16).map { _ in Self.plain.randomElement(using: &generator)! }
            for _ in 0..<Int.random(in: 0...2, using: &generator) {
                text[Int.random(in: 0..<16, using: &generator)] = Self.specials.randomElement(using: &generator)!
            }
            let naive = text.firstIndex { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }
            let block = text.withUnsafeBytes { $0.loadUnaligned(as: SIMD16<UInt8>.self) }
            #expect(ByteSearch.firstStringSpecialLane(block) == naive, "\(text)")
        }
    }

    /// `LaneMask.bits` (one `pmovmskb` on x86-64) and its portable fallback (a multiply per
    /// half) both put lane `i` of a compare in bit `i`, and nothing above bit 15.
    @Test func laneMaskPutsEachLaneInItsBit() {
        var generator = SeededGenerator(seed: 61)
        for _ in 0..<3_000 {
            let lanes = (0..<16).map { _ in Bool.random(using: &generator) }
            let text = lanes.map { $0 ? UInt8(ascii: "x") : UInt8.random(in: 0...0x77, using: &generator) }
            let block = text.withUnsafeBytes { $0.loadUnaligned(as: SIMD16<UInt8>.self) }
            let mask = block .== SIMD16<UInt8>(repeating: UInt8(ascii: "x"))
            let expected = lanes.indices.reduce(UInt64(0)) { lanes[$1] ? $0 | 1 << UInt64($1) : $0 }
            #expect(LaneMask.bits(mask) == expected, "\(text)")
            #expect(LaneMask.portableBits(mask) == expected, "\(text)")
            #expect(ByteSearch.firstLane(mask) == lanes.firstIndex(of: true))
        }
    }

    /// Members of every shape, at every distance from the record's end: where `readPlainKey`
    /// answers, `readKey` gives the same key and value offset; it answers for the common shape.
    @Test func readPlainKeyAgreesWithReadKey() {
        let keys = ["", "a", "level", "trace_id", "duration_ms", "fifteen_chars_k", "sixteen_chars_ke", "k\\u0065y", "tab\there", "a\\\"b"]
        let colons = [":", " :", ": ", ":\n", ""]
        let values = ["\"x\"", "1", "{}", " \"x\"", ""]
        var answered = 0
        for key in keys {
            for colon in colons {
                for value in values {
                    for padding in [0, 1, 2, 3, 8, 20] {
                        let text = "\"\(key)\"\(colon)\(value)" + String(repeating: " ", count: padding)
                        let bytes = Array(text.utf8)
                        guard let plain = JSONScanning.readPlainKey(bytes.span, at: 0) else { continue }
                        answered += 1
                        var pos = 0
                        var read = (content: 0..<0, escaped: false)
                        #expect(JSONScanning.readKey(bytes.span, at: &pos, key: &read) == nil, "\(text)")
                        #expect(read.content == plain.key && !read.escaped && pos == plain.value, "\(text)")
                        #expect(key.count <= 15 && colon == ":" && !value.hasPrefix(" "), "\(text)")
                    }
                }
            }
        }
        #expect(answered > 30)
    }
}
