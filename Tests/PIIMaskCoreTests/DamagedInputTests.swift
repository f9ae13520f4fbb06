import Testing

@testable import PIIMaskCore

/// The promise behind failing closed, on generated input with PII planted in it and then damaged
/// (bytes replaced, inserted and deleted; records cut short): every planted value that the damage
/// left intact is masked, whether its record still parses, falls to `--on-error mask`, or is longer
/// than `--max-record-bytes` and masked in pieces.
@Suite("No PII through damaged input")
struct DamagedInputTests {
    /// How a JSON Lines run is set up.
    enum JSONSetting: String, CaseIterable, CustomTestStringConvertible {
        /// The default detectors, and the same with a rule that selects nothing (the other loop).
        case detectOnly, byRules
        /// Records longer than 96 bytes (most) fall to the error policy: masked as text.
        case smallMaxRecord

        var engine: MaskingEngine {
            switch self {
            case .detectOnly: JSONLoopEquivalenceTests.detectOnly
            case .byRules: JSONLoopEquivalenceTests.byRules
            case .smallMaxRecord: try! MaskHarness.engine(.jsonl) { $0.maxRecordBytes = 96 }
            }
        }
        var testDescription: String { rawValue }
    }

    @Test("JSON Lines: intact PII never comes out, and records that parse come out as JSON", arguments: JSONSetting.allCases)
    func jsonLines(setting: JSONSetting) throws {
        let cases = JSONReferenceTests.cases
        let input = cases.flatMap { $0.bytes + [UInt8(ascii: "\n")] }
        let run = try MaskHarness.run([input], engine: setting.engine, readSize: 4_093)
        let lines = run.output.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast()
        try #require(lines.count == cases.count, "\(lines.count) lines out for \(cases.count) in")

        var checked = 0
        var leaks: [String] = []
        for (record, line) in zip(cases, lines) {
            let (watched, found) = record.leaks(into: line)
            checked += watched
            leaks += found.map { "\(readable($0.piece)) of \(readable($0.value)) in \(readable(line)) from \(readable(record.bytes))" }
        }
        #expect(leaks.isEmpty, "\(leaks.count) values came through, first: \(leaks.prefix(5))")
        #expect(checked > 8_000, "only \(checked) planted values were checked")

        // Every record that parsed (no issue reported for its line; blank lines are passed on as
        // they are) comes out as JSON that parses.
        let issueLines = Set(run.issues.map(\.issue.line))
        var parsed: [[UInt8]] = []
        for (index, (record, line)) in zip(cases, lines).enumerated() where !issueLines.contains(index + 1) {
            let blank = record.bytes.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            if !blank { parsed.append(Array(line)) }
        }
        let verdicts = try PythonJSON.verdicts(parsed)
        let broken = zip(parsed, verdicts).filter { $0.1 == .rejected }.map { readable($0.0) }
        #expect(broken.isEmpty, "\(broken.count) masked records are not JSON, first: \(broken.prefix(3))")
        #expect(run.issues.count > 2_000, "\(run.issues.count) issues")
        if setting != .smallMaxRecord { #expect(parsed.count > 2_000, "\(parsed.count) parsed") }
    }

    /// Records far over the limit are read in pieces of about 64 KiB, each masked as text: every
    /// cut must fall between matches, so that the pieces come out as the whole record masked as
    /// text would.
    @Test("a record read in pieces comes out as if masked whole")
    func recordInPieces() throws {
        let values = JSONReferenceTests.cases.flatMap(\.uniquePlanted)
        var input: [UInt8] = []
        for part in 0..<3 {
            // Three records of about 200 KiB: the values, with separators of 1 to 7 bytes.
            input.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                input.append(UInt8(ascii: "\""))
                input.append(contentsOf: value)
                input.append(contentsOf: "\",".utf8)
                input.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (index + part) % 7))
            }
            input.append(contentsOf: "0]\n".utf8)
        }
        #expect(input.count / 3 > 2 * ChunkReader.oversizeOverlap, "each record is over the least limit the reader keeps")
        let run = try MaskHarness.run([input], engine: JSONSetting.smallMaxRecord.engine)
        #expect(run.issues.count == 3)
        let whole = try MaskHarness.run([input], engine: MaskHarness.engine(.text)).output
        let difference = zip(run.output, whole).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? (run.output.count == whole.count ? nil : min(run.output.count, whole.count))
        #expect(difference == nil, "pieces differ from the whole at byte \(difference ?? 0): \(readable(run.output.dropFirst(max(0, (difference ?? 0) - 40)).prefix(80)))")
        // Each value was masked: one `[ENTITY]` each, besides the arrays' brackets.
        #expect(whole.count(where: { $0 == UInt8(ascii: "[") }) == 3 * values.count + 3)
    }

    /// CSV files with 0 to 30 damages each: a deleted or added quote reframes the rest of the
    /// file, so values are looked for in the whole output. With a 200-byte limit, such a record
    /// falls to the error policy as too long rather than as invalid.
    @Test("CSV: intact PII never comes out", arguments: [64 << 20, 200])
    func csv(maxRecordBytes: Int) throws {
        let engine = try MaskHarness.engine(.csv) { $0.maxRecordBytes = maxRecordBytes }
        var planted = PlantedCSV(seed: 20_261_127)
        var generator = SeededGenerator(seed: 5)
        var checked = 0
        var leaks: [String] = []
        for index in 0..<60 {
            var file = planted.file(rows: 60)
            for _ in 0..<[0, 1, 2, 5, 30][index % 5] {
                file = file.applying(.random(of: file.bytes, bytes: RecordMutation.csvBytes, using: &generator))
            }
            let output = try MaskHarness.run([file.bytes], engine: engine, readSize: 509).output
            let (watched, found) = file.leaks(into: output[...])
            checked += watched
            leaks += found.map { "file \(index): \(readable($0.piece)) of \(readable($0.value))" }
        }
        #expect(leaks.isEmpty, "\(leaks.count) values came through, first: \(leaks.prefix(5))")
        #expect(checked > 5_000, "only \(checked) planted values were checked")
    }

    @Test("the tests' byte search (ArraySlice.occurrences) counts like a plain search")
    func byteSearchCountsLikeAPlainSearch() {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<3_000 {
            func bytes(_ count: ClosedRange<Int>) -> [UInt8] {
                (0..<Int.random(in: count, using: &generator)).map { _ in UInt8.random(in: 97...99, using: &generator) }
            }
            let haystack = bytes(0...40), needle = bytes(1...4)
            let plain = haystack.count < needle.count
                ? 0 : (0...(haystack.count - needle.count)).count { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
            // A slice that does not start at 0, with bytes around it that must not count.
            let padded = needle + haystack + needle
            let slice = padded[needle.count..<(needle.count + haystack.count)]
            #expect(slice.occurrences(of: needle) == plain, "\(needle) in \(haystack)")
            #expect(slice.occurrences(of: needle, upTo: 1) == min(plain, 1))
        }
    }
}
