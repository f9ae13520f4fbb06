import Testing

@testable import PIIMaskCore

/// The JSON masker against Python's `json` module, on thousands of generated records and damaged
/// copies of them (bytes replaced, inserted and deleted; records cut short), through both record
/// loops.
@Suite("JSON against Python's json module")
struct JSONReferenceTests {
    /// The two JSON record loops (see `JSONLoopEquivalenceTests`).
    enum Loop: String, CaseIterable, CustomTestStringConvertible {
        case detectOnly, byRules
        var engine: MaskingEngine { self == .detectOnly ? JSONLoopEquivalenceTests.detectOnly : JSONLoopEquivalenceTests.byRules }
        var testDescription: String { rawValue }
    }

    static let recordCount = 1_000
    /// Per generated record, in order: the record, three copies damaged once, one damaged
    /// twice, and one cut short (`DamagedInputTests` masks them too).
    static let casesPerRecord = 6

    static let cases: [PlantedRecord] = {
        var planted = PlantedJSON(seed: 20_261_127)
        var generator = SeededGenerator(seed: 97)
        func damaged(_ record: PlantedRecord) -> PlantedRecord {
            record.applying(.random(of: record.bytes, using: &generator))
        }
        var cases: [PlantedRecord] = []
        for _ in 0..<recordCount {
            let record = planted.record()
            cases.append(record)
            for _ in 0..<3 { cases.append(damaged(record)) }
            cases.append(damaged(damaged(record)))
            cases.append(record.applying(.truncate(count: Int.random(in: 0..<record.bytes.count, using: &generator))))
        }
        return cases
    }()

    /// Python's verdicts on `cases`, asked once for the tests that need them.
    static let verdicts = Result { try PythonJSON.verdicts(cases.map(\.bytes)) }

    @Test("records are accepted exactly when Python's json.loads accepts them", arguments: Loop.allCases)
    func agreesWithPython(loop: Loop) throws {
        let verdicts = try Self.verdicts.get()
        var masker = RecordMasker(engine: loop.engine)
        var disagreements: [String] = []
        var tally = [PythonJSON.Verdict.accepted: 0, .rejected: 0, .implementationDefined: 0]
        for (index, (record, verdict)) in zip(Self.cases, verdicts).enumerated() {
            tally[verdict, default: 0] += 1
            if index.isMultiple(of: Self.casesPerRecord) {
                #expect(verdict == .accepted, "generated record \(index) is not JSON: \(readable(record.bytes))")
            }
            var output: [UInt8] = []
            let outcome = masker.maskJSONRecord(record.bytes.span, into: &output)
            let accepted = outcome == .masked
            if verdict != .implementationDefined && accepted != (verdict == .accepted) {
                disagreements.append("piimask \(outcome), Python \(verdict): \(readable(record.bytes))")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements, first: \(disagreements.prefix(5))")
        // Both answers came up often, so the comparison was not one-sided.
        #expect(tally[.accepted]! > 2_000 && tally[.rejected]! > 2_000, "\(tally)")
    }

    /// Small pieces of JSON that one byte turns into near misses (`1.`, `01`, `-`, `1e`, `tru`,
    /// `\u00g9`, a trailing comma), each inside a record.
    static let atoms = [
        "0", "-0", "1.5", "-12.5e3", "1E400", "0.001", "3e-7", "10", "2E+2", "-1",
        "true", "false", "null",
        "\"a\\u00e9b\"", "\"\\n\\t\\\"\"", "\"\\\\\"", "\"\u{E9}\"", "\"\"",
        "{}", "[]", "{\"a\":1}", "[1,2]",
    ]

    @Test("one-byte changes in and around numbers, literals, escapes and containers are judged as Python judges them", arguments: Loop.allCases)
    func oneByteChangesAgreeWithPython(loop: Loop) throws {
        var records: [[UInt8]] = []
        for atom in Self.atoms {
            let prefix = Array("{\"k\":[".utf8)
            let record = prefix + Array(atom.utf8) + Array(",1]}".utf8)
            // Each byte of the atom and the byte on either side: replaced by, or preceded by, each
            // byte of the mutation set, or deleted.
            for position in (prefix.count - 1)...(prefix.count + atom.utf8.count) {
                var mutations: [RecordMutation] = [.delete(at: position)]
                for byte in RecordMutation.jsonBytes where byte != record[position] {
                    mutations += [.replace(at: position, with: byte), .insert(at: position, byte)]
                }
                for mutation in mutations {
                    var mutated = record
                    mutation.apply(to: &mutated)
                    records.append(mutated)
                }
            }
        }
        let verdicts = try PythonJSON.verdicts(records)
        var masker = RecordMasker(engine: loop.engine)
        var disagreements: [String] = []
        for (record, verdict) in zip(records, verdicts) where verdict != .implementationDefined {
            var output: [UInt8] = []
            let accepted = masker.maskJSONRecord(record.span, into: &output) == .masked
            if accepted != (verdict == .accepted) { disagreements.append("Python \(verdict): \(readable(record))") }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) of \(records.count) disagree, first: \(disagreements.prefix(5))")
        #expect(verdicts.filter { $0 == .accepted }.count > 1_000 && verdicts.filter { $0 == .rejected }.count > 5_000)
    }
}
