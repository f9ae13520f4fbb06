import CByteClass
import Testing

@testable import PIIMaskCore

/// The record classifier (`piimask_classify`'s kernels) and the profiles read from it
/// (`ByteClassMap.profileRun`) against the byte loops they replace.
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

    /// The SSE2 and AVX2 kernels (where this processor has them) and the dispatching entry point
    /// write the same words as the byte loop, for every length around the 64-byte blocks.
    @Test func kernelsAgreeWithTheByteLoop() {
        var generator = SeededGenerator(seed: 64)
        let triggerSets: [[UInt8]] = [Array("@.:\"".utf8), Array("@@@@".utf8), Array("A_-x".utf8), [0x01, 0x80, 0xFF, 0x30]]
        var avx2Ran = false
        for length in 0...260 {
            for _ in 0..<6 {
                let record = Self.randomRecord(length: length, using: &generator)
                let triggers = triggerSets.randomElement(using: &generator)!
                let words = 4 * (length / 64 + 1)
                func classify(_ kernel: piimask_classify_kernel?) -> [UInt64]? {
                    var out = [UInt64](repeating: 0xDEAD_BEEF, count: words)
                    let ran = record.withUnsafeBufferPointer { bytes in
                        out.withUnsafeMutableBufferPointer { out in
                            guard let kernel else {
                                piimask_classify(bytes.baseAddress, bytes.count, triggers, out.baseAddress!)
                                return true
                            }
                            return piimask_classify_with(kernel, bytes.baseAddress, bytes.count, triggers, out.baseAddress!) == 1
                        }
                    }
                    return ran ? out : nil
                }
                let reference = classify(PIIMASK_CLASSIFY_PORTABLE)!
                // The byte loop itself, against the classes as defined, for one block.
                for (offset, byte) in record.enumerated() {
                    let group = offset / 64 * 4
                    let bit: UInt64 = 1 << UInt64(offset % 64)
                    #expect((reference[group] & bit != 0) == (byte == 0x22 || byte == 0x5C || byte < 0x20))
                    #expect((reference[group + 1] & bit != 0) == (0x30...0x39).contains(byte))
                    #expect((reference[group + 2] & bit != 0) == (0x41...0x5A).contains(byte))
                    #expect((reference[group + 3] & bit != 0) == triggers.contains(byte))
                }
                // Past the end: stop bits only.
                let tail = length % 64
                let lastGroup = length / 64 * 4
                #expect(reference[lastGroup] >> UInt64(tail) == ~UInt64(0) >> UInt64(tail))
                for word in 1...3 { #expect(reference[lastGroup + word] >> UInt64(tail) == 0) }

                #expect(classify(PIIMASK_CLASSIFY_SSE2) ?? reference == reference, "SSE2, \(record)")
                if let avx2 = classify(PIIMASK_CLASSIFY_AVX2) {
                    avx2Ran = true
                    #expect(avx2 == reference, "AVX2, \(record)")
                }
                #expect(classify(nil) == reference, "\(record)")
            }
        }
        #if arch(x86_64)
        // Recorded so that a machine without AVX2 shows in the test's output, not as a pass.
        if !avx2Ran { print("ByteClassMapTests: no AVX2 on this processor; its kernel was not run") }
        #endif
    }

    /// From every offset of random records, the map's profile and stop are the byte loop's
    /// (`ByteProfileTable.profileRun`): runs inside a block, across blocks, to the record's end.
    @Test(arguments: ["EMAIL,CREDIT_CARD,USA_SSN,PHONE_NUMBER,IP_ADDRESS", "EMAIL,MAC_ADDRESS", "CREDIT_CARD"])
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

    /// A table with more trigger bytes than the kernels compare, or a record longer than the map,
    /// is not covered: the JSON loop then profiles byte by byte (`JSONLoopEquivalenceTests`).
    @Test func coverage() throws {
        let wide = try MaskHarness.engine(.jsonl, entities: "EMAIL,IP_ADDRESS,MAC_ADDRESS,SLACK_TOKEN,GITHUB_TOKEN").detectorSets[0].table
        #expect(wide.triggerBytes.count > ByteClassMap.maxTriggerBytes)
        #expect(!ByteClassMap(table: wide).coversTable)
        let map = ByteClassMap(table: try MaskHarness.engine(.jsonl).detectorSets[0].table)
        #expect(map.covers(recordLength: ByteClassMap.maxRecordLength))
        #expect(!map.covers(recordLength: ByteClassMap.maxRecordLength + 1))
    }
}
