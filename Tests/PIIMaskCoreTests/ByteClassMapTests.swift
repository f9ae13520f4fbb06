import CByteClass
import Testing

@testable import PIIMaskCore

/// The record classifier (`piimask_classify`) against the classes as defined, and the profiles
/// read from it (`ByteClassMap.profileRun`) against the byte loop they replace.
@Suite("Byte class maps")
struct ByteClassMapTests {
    /// Bytes of every class, weighted toward the ones that matter: digits, capitals, the trigger
    /// bytes, the stop bytes (quote, backslash, controls), and bytes near the classes' edges.
    static let bytes = Array("0123456789AZ@.:-_xaz/ ,{}".utf8) + [0x22, 0x5C, 0x00, 0x0A, 0x1F, 0x20, 0x2F, 0x3A, 0x40, 0x5B, 0x7F, 0x80, 0xC3, 0xFF]

    static func randomRecord(length: Int, using generator: inout SeededGenerator) -> [UInt8] {
        (0..<length).map { _ in
            Int.random(in: 0..<8, using: &generator) == 0 ? UInt8.random(in: 0...255, using: &generator) : bytes.randomElement(using: &generator)!
        }
    }

    /// The classes as defined, byte by byte: what `piimask_classify` must write.
    static func expectedWords(_ record: [UInt8], triggers: [UInt8]) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: 4 * (record.count / 64 + 1))
        for offset in record.count..<(words.count / 4 * 64) { words[offset / 64 * 4] |= 1 << UInt64(offset % 64) }
        for (offset, byte) in record.enumerated() {
            let group = offset / 64 * 4
            let bit: UInt64 = 1 << UInt64(offset % 64)
            if byte == 0x22 || byte == 0x5C || byte < 0x20 { words[group] |= bit }
            if (0x30...0x39).contains(byte) { words[group + 1] |= bit }
            if (0x41...0x5A).contains(byte) { words[group + 2] |= bit }
            if triggers.contains(byte) { words[group + 3] |= bit }
        }
        return words
    }

    /// The kernel writes each class's bits, for every length around the 64-byte blocks, and
    /// stop bits only past the end.
    @Test(.enabled(if: ByteClassMap.kernelAvailable, "the classifier needs AVX2"))
    func kernelWritesTheClasses() {
        var generator = SeededGenerator(seed: 64)
        let triggerSets: [[UInt8]] = [Array("@.:\"".utf8), Array("@@@@".utf8), Array("A_-x".utf8), [0x01, 0x80, 0xFF, 0x30]]
        for length in 0...260 {
            for _ in 0..<6 {
                let record = Self.randomRecord(length: length, using: &generator)
                let triggers = triggerSets.randomElement(using: &generator)!
                var words = [UInt64](repeating: 0xDEAD_BEEF, count: 4 * (length / 64 + 1))
                record.withUnsafeBufferPointer { bytes in
                    words.withUnsafeMutableBufferPointer { words in
                        piimask_classify(bytes.baseAddress, bytes.count, triggers, words.baseAddress!)
                    }
                }
                #expect(words == Self.expectedWords(record, triggers: triggers), "\(record), triggers \(triggers)")
            }
        }
    }

    /// From every offset of random records, the map's profile and stop are the byte loop's
    /// (`ByteProfileTable.profileRun`): runs inside a block, across blocks, to the record's end.
    @Test(.enabled(if: ByteClassMap.kernelAvailable, "the classifier needs AVX2"),
          arguments: ["EMAIL,CREDIT_CARD,USA_SSN,PHONE_NUMBER,IP_ADDRESS", "EMAIL,MAC_ADDRESS", "CREDIT_CARD"])
    func profilesAgreeWithTheByteLoop(entities: String) throws {
        let table = try MaskHarness.engine(.jsonl, entities: entities).detectorSets[0].table
        var map = ByteClassMap(table: table)
        #expect(map.coversTable)
        var generator = SeededGenerator(seed: 99)
        for length in [0, 1, 2, 63, 64, 65, 100, 127, 128, 129, 300] + (0..<40).map({ _ in Int.random(in: 0...700, using: &generator) }) {
            // Long plain runs too, so that runs cross several blocks.
            let record = Self.randomRecord(length: length, using: &generator).map { byte in
                byte == 0x22 && Bool.random(using: &generator) ? UInt8(ascii: "a") : byte
            }
            map.classify(record.span)
            for start in 0..<record.count {
                let expected = table.profileRun(record.span, from: start)
                let found = map.profileRun(record.span, from: start, table: table)
                #expect(found.stop == expected.stop, "\(record) from \(start)")
                #expect(found.profile == expected.profile, "\(record) from \(start)")
            }
        }
    }

    /// A table with more trigger bytes than the kernel compares, or a record longer than the map,
    /// is not covered (nor anything without AVX2): the JSON loop then profiles byte by byte
    /// (`JSONLoopEquivalenceTests`).
    @Test func coverage() throws {
        let wide = try MaskHarness.engine(.jsonl, entities: "EMAIL,IP_ADDRESS,MAC_ADDRESS,SLACK_TOKEN,GITHUB_TOKEN").detectorSets[0].table
        #expect(wide.triggerBytes.count > ByteClassMap.maxTriggerBytes)
        #expect(!ByteClassMap(table: wide).coversTable)
        let map = ByteClassMap(table: try MaskHarness.engine(.jsonl).detectorSets[0].table)
        #expect(map.coversTable == ByteClassMap.kernelAvailable)
        #expect(map.covers(recordLength: ByteClassMap.maxRecordLength) == ByteClassMap.kernelAvailable)
        #expect(!map.covers(recordLength: ByteClassMap.maxRecordLength + 1))
    }
}
