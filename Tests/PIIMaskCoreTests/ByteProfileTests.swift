import Testing

@testable import PIIMaskCore

/// The profiling loops (`ByteProfileTable.profile`, the scanners' `accumulate` and `profileRun`)
/// against a naive count, and the key scanner's vector path against `scanString`.
@Suite("Byte profiles")
struct ByteProfileTests {
    static let specs = [PrefilterSpec(anyBytes: Array("@".utf8)), PrefilterSpec(anyBytes: Array(".:-".utf8)),
                        PrefilterSpec(anyBytes: Array("A_x".utf8))]
    static let table = ByteProfileTable(specs: specs)
    /// Plain bytes the profile counts or skips, and bytes that stop a JSON string.
    static let plain = Array("0123456789AZaz@.:-_x ,{}\u{7F}".utf8) + [0x80, 0xC3, 0xFF]
    static let specials: [UInt8] = [0x22, 0x5C, 0x00, 0x0A, 0x1F]

    /// The profile counted byte by byte from the specs.
    static func naive(_ value: [UInt8]) -> ByteProfile {
        var profile = ByteProfile(length: value.count)
        for byte in value {
            if specs.contains(where: { $0.anyBytes.contains(byte) }) {
                profile.triggers |= table.mask(for: PrefilterSpec(anyBytes: [byte]))
            }
            if byte &- 0x30 < 10 { profile.digits += 1 }
            if byte &- 0x41 < 26 { profile.uppercase += 1 }
        }
        return profile
    }

    @Test func profileAndScanAgreeWithNaiveCount() {
        var generator = SeededGenerator(seed: 1234)
        for length in 0...100 {
            for _ in 0..<30 {
                let value = (0..<length).map { _ in Self.plain.randomElement(using: &generator)! }
                #expect(Self.table.profile(value.span) == Self.naive(value), "\(value)")
                // As a JSON string value, with a stop byte and more bytes after it.
                let after = (0..<Int.random(in: 0...20, using: &generator)).map { _ in Self.plain.randomElement(using: &generator)! }
                let record = [0x22] + value + [Self.specials.randomElement(using: &generator)!] + after
                var profile = ByteProfile()
                let scan = JSONScanning.scanString(record.span, at: 0, table: Self.table, profile: &profile)
                if record[length + 1] == 0x22 {
                    #expect(profile == Self.naive(value), "\(record)")
                    guard case .string(let content, false, _) = scan else {
                        Issue.record("not a string: \(record)")
                        continue
                    }
                    #expect(content == 1..<(length + 1))
                }
            }
        }
    }

    /// `accumulate` (two bytes a step) stops exactly at the first stop byte, whatever its
    /// parity and the start offset, and counts exactly the bytes before it; without a stop byte
    /// it runs to the end.
    @Test func accumulateStopsAtTheFirstStopByte() {
        var generator = SeededGenerator(seed: 4321)
        for length in 0...40 {
            for start in 0...3 {
                for _ in 0..<20 {
                    var bytes = (0..<(start + length)).map { _ in Self.plain.randomElement(using: &generator)! }
                    let stops = Bool.random(using: &generator)
                    if stops { bytes += [Self.specials.randomElement(using: &generator)!] + Array("ab9".utf8) }
                    var index = start
                    var sums = ProfileSums()
                    Self.table.accumulate(bytes.span, from: &index, into: &sums)
                    #expect(index == start + length, "\(bytes) from \(start)")
                    #expect(sums.profile(length: length) == Self.naive(Array(bytes[start..<(start + length)])), "\(bytes) from \(start)")
                    // `profileRun`, the JSON loops' one-sum form, stops and counts alike.
                    let run = Self.table.profileRun(bytes.span, from: start)
                    #expect(run.stop == start + length, "\(bytes) from \(start)")
                    #expect(run.profile == Self.naive(Array(bytes[start..<(start + length)])), "\(bytes) from \(start)")
                }
            }
        }
    }

    /// Runs longer than a slice (`ByteProfileTable.sliceLength`) keep exact counts.
    @Test(arguments: [0x30, 0x41, 0x40])
    func longValuesKeepExactCounts(_ byte: UInt8) {
        let length = 3 * ByteProfileTable.sliceLength + 5
        let value = [UInt8](repeating: byte, count: length) + Array("9Z".utf8)
        #expect(Self.table.profile(value.span) == Self.naive(value))
        let record = [0x22] + value + [0x22]
        var profile = ByteProfile()
        _ = JSONScanning.scanString(record.span, at: 0, table: Self.table, profile: &profile)
        #expect(profile == Self.naive(value))
        let run = Self.table.profileRun(record.span, from: 1)
        #expect(run.stop == record.count - 1)
        #expect(run.profile == Self.naive(value))
    }

    /// A key ends at its closing quote whether it is found in a 16-byte block, after one, or
    /// byte by byte near the record's end; an escape or a control character goes to `scanString`.
    @Test func keyScanAgreesWithStringScan() {
        var generator = SeededGenerator(seed: 77)
        let bytes = Array("abc_XYZ09 ".utf8) + [0x80, 0xE2]
        for length in 0...40 {
            for _ in 0..<40 {
                var key = (0..<length).map { _ in bytes.randomElement(using: &generator)! }
                if length > 0 && Bool.random(using: &generator) {
                    key[Int.random(in: 0..<length, using: &generator)] = [0x5C, 0x0A, 0x5C].randomElement(using: &generator)!
                }
                let after = Array(#"":1,"next":"value"}"#.utf8).prefix(Int.random(in: 0...20, using: &generator))
                let record = [0x22] + key + after
                let scanned = JSONScanning.scanKey(record.span, at: 0)
                let expected = JSONScanning.scanString(record.span, at: 0)
                #expect(String(describing: scanned) == String(describing: expected), "\(record)")
            }
        }
    }
}
