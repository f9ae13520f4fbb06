import Foundation
import Testing

@testable import PIIMaskCore

/// The JSON masker has two record loops: `detectInJSONRecord` for runs without rules (the default)
/// and `maskJSONRecordByRules`. A rule that selects nothing switches a run to the second loop
/// without changing what it should do, so both must give the same outcome, error and bytes.
@Suite("JSON record loops agree")
struct JSONLoopEquivalenceTests {
    static let detectOnly = try! MaskHarness.engine(.jsonl)
    static let byRules = ruleEngine(entities: nil)
    /// Entities with more trigger bytes than `ByteClassMap` classifies: the detect loop then
    /// profiles byte by byte.
    static let wideEntities = "EMAIL,CREDIT_CARD,USA_SSN,PHONE_NUMBER,IP_ADDRESS,MAC_ADDRESS,SLACK_TOKEN,GITHUB_TOKEN"

    static func ruleEngine(entities: String?) -> MaskingEngine {
        var request = PlanRequest()
        request.entities = entities
        request.rulesText = """
            version: 1
            fields:
              - {select: no_record_has_this_key, action: redact}
            """
        let plan = try! PlanLoader.load(request)
        return try! MaskingEngine(plan: plan, options: MaskingOptions(format: .jsonl))
    }

    static func outcomes(
        _ record: [UInt8], detectOnly: MaskingEngine = detectOnly, byRules: MaskingEngine = byRules
    ) -> (detectOnly: (JSONRecordOutcome, [UInt8]), byRules: (JSONRecordOutcome, [UInt8])) {
        func run(_ engine: MaskingEngine) -> (JSONRecordOutcome, [UInt8]) {
            var masker = RecordMasker(engine: engine)
            var output: [UInt8] = []
            let outcome = masker.maskJSONRecord(record.span, into: &output)
            return (outcome, outcome == .masked ? output : [])
        }
        return (run(detectOnly), run(byRules))
    }

    @Test func theEnginesTakeDifferentLoops() {
        #expect(RecordMasker(engine: Self.detectOnly).detectsOnly)
        #expect(!RecordMasker(engine: Self.byRules).detectsOnly)
    }

    @Test("every JSONTestSuite case", arguments: JSONTestSuiteTests.names)
    func suiteCase(_ name: String) throws {
        let input = try Fixtures.bytes(Fixtures.url("JSONTestSuite/test_parsing/\(name)"))
        let (detectOnly, byRules) = Self.outcomes(input)
        #expect(detectOnly.0 == byRules.0, "\(name)")
        #expect(detectOnly.1 == byRules.1, "\(name)")
    }

    /// Random records: nesting, escapes, PII in keys' values and in arrays, odd spacing; and
    /// each of them damaged (a byte replaced, or cut short) to walk the error paths. With the
    /// default entities the detect loop reads profiles from `ByteClassMap`; with `wideEntities`
    /// it profiles byte by byte.
    @Test(arguments: [nil, wideEntities])
    func generatedRecords(entities: String?) throws {
        let detectOnly = try MaskHarness.engine(.jsonl, entities: entities)
        let byRules = Self.ruleEngine(entities: entities)
        #expect(RecordMasker(engine: detectOnly).classMap.coversTable == (entities == nil && ByteClassMap.kernelAvailable))
        var generator = SeededGenerator(seed: 20261126)
        var masked = 0
        var invalid = 0
        for _ in 0..<3_000 {
            let record = Array(RandomJSON.value(depth: 0, using: &generator).utf8)
            var cases = [record]
            if !record.isEmpty {
                var damaged = record
                damaged[Int.random(in: 0..<damaged.count, using: &generator)] = Array("{}[],:\"\\ x0\u{1}".utf8).randomElement(using: &generator)!
                cases.append(damaged)
                cases.append(Array(record.prefix(Int.random(in: 0..<record.count, using: &generator))))
            }
            for input in cases {
                let (detectOnly, byRules) = Self.outcomes(input, detectOnly: detectOnly, byRules: byRules)
                #expect(detectOnly.0 == byRules.0, "\(String(decoding: input, as: UTF8.self))")
                #expect(detectOnly.1 == byRules.1, "\(String(decoding: input, as: UTF8.self))")
                if detectOnly.0 == .masked { masked += 1 } else { invalid += 1 }
            }
        }
        // Both paths were walked, and masking happened.
        #expect(masked > 3_000 && invalid > 1_000)
    }

    /// Records longer than `ByteClassMap.maxRecordLength` are profiled byte by byte; records just
    /// within it, from the map. Both mask as the rules loop does.
    @Test(arguments: [ByteClassMap.maxRecordLength - 1, ByteClassMap.maxRecordLength + 1, 3 * ByteClassMap.maxRecordLength])
    func recordsAroundTheMapsLength(length: Int) {
        var generator = SeededGenerator(seed: UInt64(length))
        var record = "{\"id\":1"
        while record.utf8.count < length - 80 {
            let value = RandomJSON.strings.randomElement(using: &generator)!
            record += ",\"\(RandomJSON.keys.randomElement(using: &generator)!)\":\"\(value)\""
        }
        record += ",\"pad\":\""
        record += String(repeating: "x", count: length - record.utf8.count - 2) + "\"}"
        let input = Array(record.utf8)
        #expect(input.count == length)
        let (detectOnly, byRules) = Self.outcomes(input)
        #expect(detectOnly.0 == .masked)
        #expect(detectOnly.0 == byRules.0)
        #expect(detectOnly.1 == byRules.1)
        #expect(detectOnly.1 != input)
    }

    /// Deep records with objects and arrays mixed at random, values before and after each inner
    /// container: the lean loop keeps the first 63 levels' kinds as bits and the rest on a
    /// stack, and each value must still see its own key (context words) after inner ones close.
    @Test(arguments: [10, 62, 63, 64, 65, 66, 130])
    func deepMixedNesting(depth: Int) {
        var generator = SeededGenerator(seed: UInt64(depth))
        for _ in 0..<50 {
            var record = "\"\(RandomJSON.strings.randomElement(using: &generator)!)\""
            for _ in 0..<depth {
                let before = RandomJSON.strings.randomElement(using: &generator)!
                let after = RandomJSON.strings.randomElement(using: &generator)!
                let key = RandomJSON.keys.randomElement(using: &generator)!
                record = Bool.random(using: &generator)
                    ? "{\"note\":\"\(before)\",\"\(key)\":\(record),\"\(key)\":\"\(after)\"}"
                    : "[\"\(before)\",\(record),\"\(after)\"]"
            }
            let input = Array(record.utf8)
            let (detectOnly, byRules) = Self.outcomes(input)
            #expect(detectOnly.0 == .masked)
            #expect(detectOnly.0 == byRules.0)
            #expect(detectOnly.1 == byRules.1, "\(record)")
            #expect(detectOnly.1 != input)
        }
    }
}

/// Generates JSON text with PII-bearing strings.
enum RandomJSON {
    static let strings = [
        "plain text", "jane.doe@example.com", "call (202) 555-0143 now", "card 4111 1111 1111 1111",
        "ssn 123-45-6789", "from 192.168.10.20", "2024-06-01T10:00:00Z", "a\\u0040b.example.com",
        "tab\\there \\\"quoted\\\"", "caf\u{e9} m\u{fc}ller@example.de", "", "fe80::1ff:fe23:4567:890a",
    ]
    static let keys = ["email", "phone", "note", "passport", "id", "k\\u0065y", "", "ip"]

    static func value<G: RandomNumberGenerator>(depth: Int, using generator: inout G) -> String {
        let space = [" ", "", "", "\n", "\t"].randomElement(using: &generator)!
        switch Int.random(in: 0..<(depth > 4 ? 4 : 7), using: &generator) {
        case 0, 1: return "\"\(strings.randomElement(using: &generator)!)\""
        case 2: return ["0", "-12.5e3", "42", "1.25"].randomElement(using: &generator)!
        case 3: return ["true", "false", "null"].randomElement(using: &generator)!
        case 4, 5:
            let members = (0..<Int.random(in: 0..<5, using: &generator)).map { _ in
                "\"\(keys.randomElement(using: &generator)!)\"\(space):\(space)\(value(depth: depth + 1, using: &generator))"
            }
            return "{\(space)" + members.joined(separator: ",\(space)") + "}"
        default:
            let elements = (0..<Int.random(in: 0..<5, using: &generator)).map { _ in value(depth: depth + 1, using: &generator) }
            return "[" + elements.joined(separator: "\(space),") + "\(space)]"
        }
    }
}
