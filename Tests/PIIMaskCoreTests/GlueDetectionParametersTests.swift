import Crypto
import Foundation
import Testing

@testable import PIIMaskCore

/// AWS Glue `detectionParameters` documents read as rules: the documented actions and options,
/// column scoping, the one-rewriting-action-per-column rule, and the `DetectedEntities` audit.
@Suite("Glue detectionParameters")
struct GlueDetectionParametersTests {
    static func sha256Hex(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The shape of Glue's fine-grained example: a phone partially redacted everywhere except the
    /// passport and licence columns, which get their own action.
    static let documented = """
        {
          "PHONE_NUMBER": [{
            "action": "PARTIAL_REDACT",
            "actionOptions": {"numLeftCharsToExclude": 3, "numRightCharsToExclude": 4, "redactChar": "#"},
            "sourceColumnsToExclude": ["Passport No", "DL NO#"]
          }],
          "USA_PASSPORT_NUMBER": [{"action": "SHA256_HASH", "sourceColumns": ["Passport No"]}],
          "USA_DRIVING_LICENSE": [{"action": "REDACT", "actionOptions": {"redactText": "USA_DL"}, "sourceColumns": ["DL NO#"]}]
        }
        """

    @Test func partialRedactWorkedExample() throws {
        let line = try MaskingHarness.maskLine(#"{"phone":"1-234-567-1718"}"#, rules: Self.documented)
        #expect(line == #"{"phone":"1-2#######1718"}"#)
    }

    @Test func documentedExampleOnJSONColumns() throws {
        let input = #"{"phone":"1-234-567-1718","Passport No":"340020013","DL NO#":"D1234567","note":"tel 1-234-567-1718, passport 340020013"}"#
        let line = try MaskingHarness.maskLine(input, rules: Self.documented)
        // The passport number outside its column is not scanned for (not in the default set).
        #expect(line == #"{"phone":"1-2#######1718","Passport No":""# + Self.sha256Hex("340020013")
            + #"","DL NO#":"USA_DL","note":"tel 1-2#######1718, passport 340020013"}"#)
    }

    @Test func documentedExampleOnCSVColumns() throws {
        let input = "phone,Passport No,DL NO#\n1-234-567-1718,340020013,D1234567\n"
        let result = try MaskingHarness.run(input, rules: Self.documented, format: .csv)
        #expect(result.output == "phone,Passport No,DL NO#\n1-2#######1718,\(Self.sha256Hex("340020013")),USA_DL\n")
    }

    struct ActionCase: CustomTestStringConvertible, Sendable {
        let name: String
        let entry: String
        let input: String
        let output: String
        var testDescription: String { name }
    }

    static let actionCases: [ActionCase] = [
        ActionCase(name: "REDACT default text", entry: #""EMAIL": [{"action": "REDACT"}]"#,
                   input: "mail bob@example.com now", output: "mail ******* now"),
        ActionCase(name: "REDACT with redactText", entry: #""EMAIL": [{"action": "REDACT", "actionOptions": {"redactText": "[e]"}}]"#,
                   input: "mail bob@example.com now", output: "mail [e] now"),
        ActionCase(name: "PARTIAL_REDACT default char", entry: #""EMAIL": [{"action": "PARTIAL_REDACT", "actionOptions": {"numLeftCharsToExclude": 2}}]"#,
                   input: "bob@example.com", output: "bo*************"),
        ActionCase(name: "PARTIAL_REDACT with matchPattern", entry: #""CREDIT_CARD": [{"action": "PARTIAL_REDACT", "actionOptions": {"numRightCharsToExclude": 4, "matchPattern": "[0-9]"}}]"#,
                   input: "card 4111-1111-1111-1111.", output: "card ****-****-****-1111."),
        ActionCase(name: "PARTIAL_REDACT keeps more than the value", entry: #""USA_SSN": [{"action": "PARTIAL_REDACT", "actionOptions": {"numLeftCharsToExclude": 6, "numRightCharsToExclude": 6}}]"#,
                   input: "ssn 219-09-9998", output: "ssn 219-09-9998"),
        ActionCase(name: "SHA256_HASH hex of the span", entry: #""USA_SSN": [{"action": "SHA256_HASH"}]"#,
                   input: "ssn 219-09-9998.", output: "ssn " + sha256Hex("219-09-9998") + "."),
        ActionCase(name: "DETECT leaves the value", entry: #""EMAIL": [{"action": "DETECT"}]"#,
                   input: "mail bob@example.com", output: "mail bob@example.com"),
        ActionCase(name: "DETECT and a rewriting action for one entity: the rewrite wins",
                   entry: #""EMAIL": [{"action": "DETECT"}, {"action": "REDACT"}]"#,
                   input: "mail bob@example.com", output: "mail *******"),
    ]

    @Test(arguments: actionCases)
    func action(_ test: ActionCase) throws {
        let result = try MaskingHarness.run(test.input + "\n", rules: "{" + test.entry + "}", format: .text)
        #expect(result.output == test.output + "\n")
    }

    @Test func detectAndRewriteOnOneColumn() throws {
        let rules = """
            {"EMAIL": [{"action": "DETECT", "sourceColumns": ["contact"]}],
             "PHONE_NUMBER": [{"action": "REDACT", "sourceColumns": ["contact"]}]}
            """
        let line = try MaskingHarness.run(#"{"contact":"bob@example.com 415-555-0132","other":"bob@example.com 415-555-0132"}"# + "\n",
                                          rules: rules, detectedEntities: "DetectedEntities").lines[0]
        #expect(line == #"{"contact":"bob@example.com *******","other":"bob@example.com 415-555-0132","DetectedEntities":{"contact":[{"entityType":"EMAIL","actionUsed":"DETECT","start":0,"end":15},{"entityType":"PHONE_NUMBER","actionUsed":"REDACT","start":16,"end":28}]}}"#)
    }

    static let scoping = """
        {"EMAIL": [{"action": "REDACT", "sourceColumns": ["email", "notes"]}],
         "USA_SSN": [{"action": "REDACT", "actionOptions": {"redactText": "#"}, "sourceColumnsToExclude": ["ssn_hash"]}]}
        """

    @Test func columnScopingOnJSONTopLevelKeys() throws {
        let input = #"{"email":"bob@example.com 219-09-9998","notes":"bob@example.com","free":"bob@example.com 219-09-9998","ssn_hash":"219-09-9998"}"#
        let line = try MaskingHarness.maskLine(input, rules: Self.scoping)
        #expect(line == #"{"email":"******* #","notes":"*******","free":"bob@example.com #","ssn_hash":"219-09-9998"}"#)
    }

    @Test func columnScopingOnCSVColumns() throws {
        let input = "email,notes,free,ssn_hash\nbob@example.com 219-09-9998,bob@example.com,bob@example.com 219-09-9998,219-09-9998\n"
        let result = try MaskingHarness.run(input, rules: Self.scoping, format: .csv)
        #expect(result.output == "email,notes,free,ssn_hash\n******* #,*******,bob@example.com #,219-09-9998\n")
    }

    @Test func columnsAreTopLevelNamesNotPaths() throws {
        // A column named like a path selects the key with that exact name, never a nested one.
        let rules = #"{"EMAIL": [{"action": "REDACT", "sourceColumns": ["user.email"]}]}"#
        let line = try MaskingHarness.maskLine(#"{"user.email":"bob@example.com","user":{"email":"bob@example.com"}}"#, rules: rules)
        #expect(line == #"{"user.email":"*******","user":{"email":"bob@example.com"}}"#)
    }

    @Test func twoRewritingActionsOnOneColumnFail() throws {
        let rules = """
            {"EMAIL": [{"action": "REDACT", "sourceColumns": ["contact"]}],
             "PHONE_NUMBER": [{"action": "SHA256_HASH", "sourceColumns": ["contact", "phone"]}]}
            """
        let error = #expect(throws: ConfigError.self) { try MaskingHarness.plan(rules: rules) }
        #expect(error?.message.contains("column 'contact' has more than one rewriting action (REDACT, SHA256_HASH)") == true)
        // Excluding the column from one of them resolves it.
        let fixed = """
            {"EMAIL": [{"action": "REDACT", "sourceColumns": ["contact"]}],
             "PHONE_NUMBER": [{"action": "SHA256_HASH", "sourceColumnsToExclude": ["contact"]}]}
            """
        #expect(throws: Never.self) { try MaskingHarness.plan(rules: fixed) }
    }

    struct BadCase: CustomTestStringConvertible, Sendable {
        let name: String
        let json: String
        let message: String
        let line: Int
        let column: Int
        var testDescription: String { name }
    }

    static let badCases: [BadCase] = [
        BadCase(name: "unknown action", json: #"{"EMAIL": [{"action": "MASK"}]}"#,
                message: "unknown Glue action 'MASK'; use DETECT, REDACT, PARTIAL_REDACT or SHA256_HASH", line: 1, column: 23),
        BadCase(name: "unknown entity", json: #"{"EMAIL": [{"action": "DETECT"}], "USA_SNN": [{"action": "REDACT"}]}"#,
                message: "unknown entity type 'USA_SNN' (did you mean USA_SSN?)", line: 1, column: 46),
        BadCase(name: "unknown option", json: #"{"EMAIL": [{"action": "REDACT", "actionOptions": {"redactTxt": "x"}}]}"#,
                message: "unknown key 'redactTxt' (did you mean 'redactText'?)", line: 1, column: 51),
        BadCase(name: "unknown entry key", json: #"{"EMAIL": [{"action": "REDACT", "sourceColumn": ["a"]}]}"#,
                message: "unknown key 'sourceColumn' (did you mean 'sourceColumns'?)", line: 1, column: 33),
        BadCase(name: "missing action", json: #"{"EMAIL": [{"sourceColumns": ["a"]}]}"#,
                message: "missing 'action'", line: 1, column: 12),
        BadCase(name: "bad matchPattern", json: #"{"EMAIL": [{"action": "PARTIAL_REDACT", "actionOptions": {"matchPattern": "[0-9"}}]}"#,
                message: "matchPattern must be a character class such as [0-9]: missing terminating ]", line: 1, column: 75),
        BadCase(name: "long redactChar", json: #"{"EMAIL": [{"action": "PARTIAL_REDACT", "actionOptions": {"redactChar": "ab"}}]}"#,
                message: "redactChar is one character", line: 1, column: 73),
        BadCase(name: "negative count", json: #"{"EMAIL": [{"action": "PARTIAL_REDACT", "actionOptions": {"numLeftCharsToExclude": -1}}]}"#,
                message: "-1 is out of range", line: 1, column: 84),
    ]

    @Test(arguments: badCases)
    func badDocument(_ test: BadCase) throws {
        let error = #expect(throws: ConfigError.self) { try MaskingHarness.plan(rules: test.json) }
        guard let error else { return }
        #expect(error.message.contains(test.message), "\(error)")
        #expect(error.line == test.line && error.column == test.column, "\(error)")
    }

    @Test func sha256Warns() throws {
        let plan = try MaskingHarness.plan(rules: Self.documented)
        #expect(EffectiveRules.warnings(plan).count == 1)
    }

    // MARK: DetectedEntities

    @Test func detectedEntitiesOffsetsAreInTheOriginalValue() throws {
        let input = [
            #"{"a":{"b":"日本 bob@example.com"},"items":[{"x":"\u65e5\n x@y.com"}],"n":1}"#,
            #"{"n":1}"#,
            #"{"m":"\"bob@example.com\" 219-09-9998"}"#,
        ].joined(separator: "\n") + "\n"
        let result = try MaskingHarness.run(input, entities: "EMAIL,USA_SSN", detectedEntities: "DetectedEntities")
        #expect(result.lines == [
            #"{"a":{"b":"日本 [EMAIL]"},"items":[{"x":"日\n [EMAIL]"}],"n":1,"DetectedEntities":{"a.b":[{"entityType":"EMAIL","actionUsed":"REDACT","start":3,"end":18}],"items[0].x":[{"entityType":"EMAIL","actionUsed":"REDACT","start":3,"end":10}]}}"#,
            #"{"n":1,"DetectedEntities":{}}"#,
            #"{"m":"\"[EMAIL]\" [USA_SSN]","DetectedEntities":{"m":[{"entityType":"EMAIL","actionUsed":"REDACT","start":1,"end":16},{"entityType":"USA_SSN","actionUsed":"REDACT","start":18,"end":29}]}}"#,
        ])
        // Every output line is JSON, and the offsets select the entity in the original value.
        let original = try #require(MaskingHarness.parse(#"{"m":"\"bob@example.com\" 219-09-9998"}"#) as? [String: String])["m"]!
        let audit = try #require((MaskingHarness.parse(result.lines[2]) as? [String: Any])?["DetectedEntities"] as? [String: [[String: Any]]])
        for entry in audit["m"]! {
            let start = entry["start"] as! Int
            let end = entry["end"] as! Int
            let scalars = Array(original.unicodeScalars)[start..<end]
            let text = String(String.UnicodeScalarView(scalars))
            #expect(text == "bob@example.com" || text == "219-09-9998")
        }
    }

    @Test func detectedEntitiesWithGlueActions() throws {
        let result = try MaskingHarness.run(#"{"phone":"1-234-567-1718","Passport No":"340020013"}"# + "\n",
                                            rules: Self.documented, detectedEntities: "audit")
        #expect(result.lines == [
            #"{"phone":"1-2#######1718","Passport No":""# + Self.sha256Hex("340020013")
                + #"","audit":{"phone":[{"entityType":"PHONE_NUMBER","actionUsed":"PARTIAL_REDACT","start":0,"end":14}],"Passport No":[{"entityType":"USA_PASSPORT_NUMBER","actionUsed":"SHA256_HASH","start":0,"end":9}]}}"#,
        ])
    }
}
