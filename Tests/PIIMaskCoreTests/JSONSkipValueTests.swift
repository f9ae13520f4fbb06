import Foundation
import Testing

@testable import PIIMaskCore

/// Under field rules only, the rules loop validates most values with `JSONScanning.skipValue` and
/// skips whole runs of members no rule reaches. Both must accept, reject (same offset, same message)
/// and rewrite exactly like the full loops.
@Suite("JSON skip-validation and dead members")
struct JSONSkipValueTests {
    static func engine(_ rulesText: String) -> MaskingEngine {
        var request = PlanRequest()
        request.rulesText = rulesText
        let plan = try! PlanLoader.load(request)
        return try! MaskingEngine(plan: plan, options: MaskingOptions(format: .jsonl))
    }

    /// No rules, no detectors: `detectInJSONRecord`, which validates and copies.
    static let validateOnly = engine("version: 1\ndetect:\n  entities: []\n")
    /// Rules whose keys some records have but whose paths end nowhere in them: most members dead,
    /// a few walked (`email`, `id`, and the escaped `k\u0065y` key), nothing masked.
    static let deadRules = engine("""
        version: 1
        detect:
          entities: []
        fields:
          - {select: email.nothing, action: redact}
          - {select: id.x.y, action: drop}
          - {select: "key.none", action: redact}
        """)

    /// Field rules of every kind, on keys the generated records have, without and with a record
    /// rule (whose paths make their objects walk every member); each with no detectors (dead
    /// members skipped) and with one that never matches (every member walked in full).
    static let fieldRules = """
        fields:
          - {select: note, action: drop}
          - {select: id, action: "null"}
          - {select: passport, action: keep}
          - {select: email, action: redact}
          - {select: "ip.*", action: drop}
          - {select: "phone[1]", action: drop}
          - {select: key.email, action: partial, keep_right: 4}

        """
    static let recordRule = """
        records:
          - {select: "phone[0]", equals: "42"}

        """
    static let ruleEngines = [fieldRules, fieldRules + recordRule].map { rules in
        (skipping: engine("version: 1\ndetect:\n  entities: []\n" + rules),
         walking: engine("version: 1\ndetect:\n  entities: [PRIVATE_KEY]\n" + rules))
    }

    static func outcome(_ engine: MaskingEngine, _ record: [UInt8]) -> (JSONRecordOutcome, [UInt8]) {
        var masker = RecordMasker(engine: engine)
        var output: [UInt8] = []
        let outcome = masker.maskJSONRecord(record.span, into: &output)
        return (outcome, outcome == .masked ? output : [])
    }

    /// A record validated by `skipValue` alone, worded as the record loops word the rest.
    static func skipRecord(_ record: [UInt8]) -> JSONRecordOutcome {
        let bytes = record.span
        let start = JSONScanning.skipWhitespace(bytes, from: 0)
        guard start < bytes.count else { return .invalid(JSONSyntaxError(offset: 0, message: "empty record")) }
        switch JSONScanning.skipValue(bytes, at: start, depth: 0) {
        case .failure(let failure):
            return .invalid(failure.syntaxError(in: bytes))
        case .end(let end):
            return JSONScanning.endOfRecordError(bytes, after: end).map { .invalid($0) } ?? .masked
        }
    }

    /// Generated records (`RandomJSON`), each also damaged (a byte replaced, or cut short).
    static func generatedCases(count: Int, seed: UInt64) -> [[UInt8]] {
        var generator = SeededGenerator(seed: seed)
        var cases: [[UInt8]] = []
        for _ in 0..<count {
            let record = Array(RandomJSON.value(depth: 0, using: &generator).utf8)
            cases.append(record)
            guard !record.isEmpty else { continue }
            var damaged = record
            damaged[Int.random(in: 0..<damaged.count, using: &generator)] = Array("{}[],:\"\\ x0\u{1}".utf8).randomElement(using: &generator)!
            cases.append(damaged)
            cases.append(Array(record.prefix(Int.random(in: 0..<record.count, using: &generator))))
        }
        return cases
    }

    /// Nesting at and past the depth limit, inside a skipped value and inside walked containers.
    static let deepCases: [[UInt8]] = [1023, 1024, 1025].flatMap { depth -> [[UInt8]] in
        let open = String(repeating: "[", count: depth)
        let close = String(repeating: "]", count: depth)
        let walked = String(repeating: "{\"email\":", count: depth - 1) + "[]" + String(repeating: "}", count: depth - 1)
        return [Array((open + close).utf8), Array(("{\"a\":" + open + close + "}").utf8), Array(walked.utf8)]
    }

    @Test("skipValue judges every JSONTestSuite case like the record loop", arguments: JSONTestSuiteTests.names)
    func suiteCase(_ name: String) throws {
        let input = try Fixtures.bytes(Fixtures.url("JSONTestSuite/test_parsing/\(name)"))
        #expect(Self.skipRecord(input) == Self.outcome(Self.validateOnly, input).0, "\(name)")
        #expect(Self.outcome(Self.deadRules, input) == Self.outcome(Self.validateOnly, input), "\(name)")
    }

    @Test func generatedAndDamagedRecords() {
        var invalid = 0
        for input in Self.generatedCases(count: 3_000, seed: 20261127) + Self.deepCases {
            let reference = Self.outcome(Self.validateOnly, input)
            #expect(Self.skipRecord(input) == reference.0, "\(String(decoding: input, as: UTF8.self))")
            #expect(Self.outcome(Self.deadRules, input) == reference, "\(String(decoding: input, as: UTF8.self))")
            if reference.0 != .masked { invalid += 1 }
        }
        #expect(invalid > 1_000)
    }

    @Test(arguments: [0, 1])
    func rulesOnDeadAndLiveMembersRewriteAlike(_ set: Int) {
        let engines = Self.ruleEngines[set]
        var changed = 0
        var dropped = 0
        for input in Self.generatedCases(count: 3_000, seed: 20261128) + Self.deepCases {
            let walking = Self.outcome(engines.walking, input)
            #expect(Self.outcome(engines.skipping, input) == walking, "\(String(decoding: input, as: UTF8.self))")
            if walking.0 == .masked && walking.1 != input { changed += 1 }
            if walking.0 == .droppedByRule { dropped += 1 }
        }
        // The rules did rewrite records, and the record rule (in set 1) dropped some.
        #expect(changed > 500)
        #expect((dropped > 0) == (set == 1))
    }

    /// `outcome`, with the rules loop's whole-record skip (`RuleKeyFilter`) on or off.
    static func outcome(_ engine: MaskingEngine, _ record: [UInt8], filtering: Bool) -> (JSONRecordOutcome, [UInt8]) {
        var masker = RecordMasker(engine: engine)
        if !filtering { masker.ruleKeyFilter = nil }
        var output: [UInt8] = []
        let outcome = masker.maskJSONRecord(record.span, into: &output)
        return (outcome, outcome == .masked ? output : [])
    }

    @Test("records without the rules' keys are only validated, with the same result as the walk")
    func recordsWithoutRuleKeys() throws {
        // Keys the generated records use only sometimes: most records have none of them.
        let engine = Self.engine("version: 1\ndetect:\n  entities: []\nfields:\n  - {select: passport, action: redact}\n  - {select: \"**.ip\", action: drop}\n")
        let filter = try #require(engine.ruleKeyFilter)
        var skipped = 0
        var walked = 0
        for input in Self.generatedCases(count: 3_000, seed: 20261129) + Self.deepCases {
            let filtered = Self.outcome(engine, input, filtering: true)
            #expect(filtered == Self.outcome(engine, input, filtering: false), "\(String(decoding: input, as: UTF8.self))")
            let start = JSONScanning.skipWhitespace(input.span, from: 0)
            guard filtered.0 == .masked, start < input.count else { continue }
            if JSONScanning.skipValue(input.span, at: start, depth: 0, watching: filter) != nil { skipped += 1 } else { walked += 1 }
        }
        #expect(skipped > 300)
        #expect(walked > 300)
    }

    @Test("the skip rests after 8 records in a row that hold a rule's key, and is tried again 64 records later")
    func ruleKeySkipTrial() {
        var trial = RuleKeySkipTrial()
        var tried: [Bool] = []
        for index in 0..<200 {
            let tries = trial.shouldTry()
            tried.append(tries)
            if tries { trial.note(spared: index >= 150) }
        }
        #expect(tried[0..<8].allSatisfy { $0 })
        #expect(tried[8..<72].allSatisfy { !$0 })
        #expect(tried[72..<80].allSatisfy { $0 })
        #expect(tried[80..<144].allSatisfy { !$0 })
        #expect(tried[144..<200].allSatisfy { $0 })  // spared from 150 on: no more rests
    }

    @Test("one masker over a run of records with and without the rules' keys rewrites like the walk")
    func ruleKeySkipAcrossRecords() throws {
        let engine = Self.engine("version: 1\ndetect:\n  entities: []\nfields:\n  - {select: email, action: redact}\n")
        let withKey = Array(#"{"a":1,"email":"x@y.io"}"#.utf8)
        let without = Array(#"{"a":1,"b":"x@y.io"}"#.utf8)
        var random = SeededGenerator(seed: 3)
        var records: [[UInt8]] = Array(repeating: withKey, count: 20) + Array(repeating: without, count: 100)
        records += (0..<500).map { _ in Bool.random(using: &random) ? withKey : without }
        var filtering = RecordMasker(engine: engine)
        var walking = RecordMasker(engine: engine)
        walking.ruleKeyFilter = nil
        for record in records {
            var filtered: [UInt8] = []
            var walked: [UInt8] = []
            #expect(filtering.maskJSONRecord(record.span, into: &filtered) == walking.maskJSONRecord(record.span, into: &walked))
            #expect(filtered == walked)
        }
    }

    @Test func ruleKeyFilterKeys() throws {
        func selectors(_ texts: String...) throws -> [Selector] { try texts.map { try Selector(parsing: $0) } }
        #expect(RuleKeyFilter(try selectors("*")) == nil)
        #expect(RuleKeyFilter(try selectors("email", "*[0]")) == nil)
        #expect(RuleKeyFilter(try selectors("email", "items[0]")) != nil)
        let filter = try #require(RuleKeyFilter(try selectors("user.email", "*.email", "items[*].card", "**.ssn")))
        func stops(_ key: String, escaped: Bool = false) -> Bool {
            let bytes = Array(key.utf8)
            return filter.stops(at: bytes.span, escaped: escaped)
        }
        for key in ["email", "card", "ssn"] { #expect(stops(key), "\(key)") }
        for key in ["user", "items", "emails", "mail", "cards", "", "SSN"] { #expect(!stops(key), "\(key)") }
        // A key with escapes could spell any key.
        #expect(stops(#"\u0061"#, escaped: true))
    }

    @Test func theNeverMatchingDetectorFindsNothing() {
        let detecting = Self.engine("version: 1\ndetect:\n  entities: [PRIVATE_KEY]\n")
        for input in Self.generatedCases(count: 500, seed: 20261128) {
            let (outcome, output) = Self.outcome(detecting, input)
            if outcome == .masked { #expect(output == input) }
        }
    }

    @Test func droppingAroundDeadMembersKeepsTheSeparatorsRight() throws {
        let input = #"{"note":{"a":[1,{"b":2}]},"x":1,"ip":{"a":"1.2.3.4","b":[],"c":"d"},"y":[true],"note":"n","id":{"z":1}}"#
        let expected = #"{"x":1,"ip":{},"y":[true],"id":null}"#
        let (outcome, output) = Self.outcome(Self.ruleEngines[0].skipping, Array(input.utf8))
        #expect(outcome == .masked)
        #expect(String(decoding: output, as: UTF8.self) == expected)
    }
}
