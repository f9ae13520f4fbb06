import Crypto
import Foundation
import Testing

@testable import PIIMaskCore

/// Every masking action on whole JSON values (plain, with escapes, non-ASCII), on detected spans in
/// text records, hash outputs against independent references, and hash-key handling.
@Suite("Actions")
struct ActionTests {
    /// Masks `{"v": <value>}` with one field rule on `v` and returns the new value's JSON text.
    static func maskValue(_ valueJSON: String, action: String, key: String? = MaskingHarness.key) throws -> String {
        let rules = MaskingHarness.fieldRule("v", action)
        let line = try MaskingHarness.maskLine(#"{"v":"# + valueJSON + #","w":1}"#, rules: rules, key: key)
        guard line.hasPrefix(#"{"v":"#), line.hasSuffix(#","w":1}"#) else { return "unexpected: " + line }
        return String(line.dropFirst(5).dropLast(7))
    }

    static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    static func hmac(_ text: String, key: [UInt8] = Array(MaskingHarness.key.utf8)) -> String {
        hex(HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: SymmetricKey(data: key)))
    }

    struct ValueCase: CustomTestStringConvertible, Sendable {
        let action: String
        let input: String
        let output: String
        var testDescription: String { "\(action.replacingOccurrences(of: "\n", with: ", ")) on \(input)" }
    }

    static let valueCases: [ValueCase] = [
        // redact
        ValueCase(action: "action: redact", input: #""bob@example.com""#, output: #""[REDACTED]""#),
        ValueCase(action: "action: redact\ntext: \"[SSN]\"", input: #""a\"b\\c""#, output: #""[SSN]""#),
        ValueCase(action: "action: redact\ntext: 'say \"hi\" \\ ok'", input: #""x""#, output: #""say \"hi\" \\ ok""#),
        ValueCase(action: "action: redact\ntext: \"名前\"", input: #""山田 太郎""#, output: #""名前""#),
        // A field rule has no entity type: `{entity}` reads REDACTED there.
        ValueCase(action: "action: redact\ntext: \"[{entity}]\"", input: #""x""#, output: #""[REDACTED]""#),
        ValueCase(action: "action: redact", input: "42", output: #""[REDACTED]""#),
        // partial
        ValueCase(action: "action: partial\nkeep_right: 4\nonly: \"[0-9]\"", input: #""4111-1111-1111-1234""#, output: #""****-****-****-1234""#),
        ValueCase(action: "action: partial\nkeep_right: 4", input: #""4111-1111-1111-1234""#, output: #""***************1234""#),
        ValueCase(action: "action: partial\nkeep_left: 2\nkeep_right: 2\nmask_char: \"#\"", input: #""abcdefg""#, output: #""ab###fg""#),
        ValueCase(action: "action: partial\nkeep_left: 1\nkeep_right: 1", input: #""a\"b\\c""#, output: #""a***c""#),
        ValueCase(action: "action: partial\nkeep_left: 1\nkeep_right: 1", input: #""日本語テキスト""#, output: #""日*****ト""#),
        ValueCase(action: "action: partial\nkeep_left: 1\nkeep_right: 1", input: #""\u65e5\u672c\u8a9e""#, output: #""日*語""#),
        ValueCase(action: "action: partial\nmask_char: \"●\"", input: #""abc""#, output: #""●●●""#),
        ValueCase(action: "action: partial\nonly: \"[A-Za-z]\"", input: #""Ab-12 é""#, output: #""**-12 é""#),
        ValueCase(action: "action: partial\nonly: \"[\\\\p{L}]\"", input: #""Ab-12 é日""#, output: #""**-12 **""#),
        ValueCase(action: "action: partial\nonly: \"[^- ]\"", input: #""ab-é 日x""#, output: #""**-* **""#),
        ValueCase(action: "action: partial\nonly: \"[é]\"", input: #""été""#, output: #""*t*""#),
        ValueCase(action: "action: partial\nkeep_left: 5\nkeep_right: 5", input: #""short""#, output: #""short""#),
        ValueCase(action: "action: partial\nkeep_right: 2", input: #""""#, output: #""""#),
        // sha256 (plain): SHA-256("abc"), SHA-256("")
        ValueCase(action: "action: sha256", input: #""abc""#, output: #""ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad""#),
        // An empty value has nothing to hash: it stays empty (FieldRuleEmptyValueTests).
        ValueCase(action: "action: sha256", input: #""""#, output: #""""#),
        ValueCase(action: "action: sha256", input: #""\u0061bc""#, output: #""ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad""#),
        ValueCase(action: "action: sha256\nlength: 12\nprefix: \"sha:\"", input: #""abc""#, output: #""sha:ba7816bf8f01""#),
        ValueCase(action: "action: sha256\nlength: 7", input: #""abc""#, output: #""ba7816b""#),
        // generalize
        ValueCase(action: "action: generalize", input: #""203.0.113.42""#, output: #""203.0.113.0""#),
        ValueCase(action: "action: generalize", input: #""10.0.0.255""#, output: #""10.0.0.0""#),
        ValueCase(action: "action: generalize", input: #""2001:db8:85a3:8d3:1319:8a2e:370:7348""#, output: #""2001:db8:85a3::""#),
        ValueCase(action: "action: generalize", input: #""2001:db8::1""#, output: #""2001:db8:0::""#),
        ValueCase(action: "action: generalize", input: #""2024-05-17""#, output: #""2024-05""#),
        ValueCase(action: "action: generalize", input: #""2024-05-17T10:11:12.345Z""#, output: #""2024-05""#),
        ValueCase(action: "action: generalize\ndate: year", input: #""2024-05-17 10:11:12""#, output: #""2024""#),
        ValueCase(action: "action: generalize", input: "37", output: #""30-39""#),
        ValueCase(action: "action: generalize", input: #""37""#, output: #""30-39""#),
        ValueCase(action: "action: generalize\nbucket: 100", input: "1234", output: #""1200-1299""#),
        ValueCase(action: "action: generalize\nbucket: 5", input: "12.5", output: #""10-14""#),
        ValueCase(action: "action: generalize", input: #""hello""#, output: #""[REDACTED]""#),
        ValueCase(action: "action: generalize", input: #""2024-13-01""#, output: #""[REDACTED]""#),
        ValueCase(action: "action: generalize", input: #""256.1.1.1""#, output: #""[REDACTED]""#),
        ValueCase(action: "action: generalize", input: "true", output: #""[REDACTED]""#),
        // Regression: numbers past Int.max used to crash the process (Double to Int conversion trap).
        ValueCase(action: "action: generalize", input: #""1234567890123456789012345""#, output: #""[REDACTED]""#),
        ValueCase(action: "action: generalize", input: "1e300", output: #""[REDACTED]""#),
        ValueCase(action: "action: generalize", input: "-1e300", output: #""[REDACTED]""#),
        ValueCase(action: "action: generalize", input: #""nan""#, output: #""[REDACTED]""#),
        // null, keep
        ValueCase(action: "action: \"null\"", input: #""bob@example.com""#, output: "null"),
        ValueCase(action: "action: \"null\"", input: "12", output: "null"),
        ValueCase(action: "action: \"null\"", input: #""a\"b""#, output: "null"),
        ValueCase(action: "action: 'null'", input: "true", output: "null"),
        ValueCase(action: "action: keep", input: #""bob@example.com \u00e9\n""#, output: #""bob@example.com \u00e9\n""#),
        ValueCase(action: "action: keep", input: "1.50e3", output: "1.50e3"),
    ]

    @Test(arguments: valueCases)
    func action(_ test: ValueCase) throws {
        let masked = try Self.maskValue(test.input, action: test.action)
        #expect(masked == test.output)
    }

    @Test func dropRemovesTheMember() throws {
        let rules = MaskingHarness.fieldRule("v", "action: drop")
        for value in [#""a""#, #""a\"b\u00e9""#, #""日本""#, "12", "null", #"{"x":[1]}"#] {
            #expect(try MaskingHarness.maskLine(#"{"v":"# + value + #","w":1}"#, rules: rules) == #"{"w":1}"#)
        }
    }

    // MARK: hash (HMAC-SHA-256)

    @Test func hmacKnownVectors() throws {
        // A widely published vector.
        #expect(try Self.maskValue(#""The quick brown fox jumps over the lazy dog""#, action: "action: hash", key: "key")
            == #""f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8""#)
        // RFC 4231 test case 2.
        #expect(try Self.maskValue(#""what do ya want for nothing?""#, action: "action: hash", key: "Jefe")
            == #""5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843""#)
        // The same value written with escapes hashes its decoded text.
        #expect(try Self.maskValue(#""what do ya want for nothing\u003f""#, action: "action: hash", key: "Jefe")
            == #""5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843""#)
    }

    @Test func hmacKnownVectorsWithBinaryKeyFiles() throws {
        // RFC 4231 test case 1 (key 0x0b × 20) and test case 6 (key 0xaa × 131, longer than a block).
        let cases: [([UInt8], String, String)] = [
            (Array(repeating: 0x0b, count: 20), "Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
            (Array(repeating: 0xaa, count: 131), "Test Using Larger Than Block-Size Key - Hash Key First",
             "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        ]
        for (key, message, expected) in cases {
            let file = try TemporaryFile(bytes: key + [0x0A])
            let plan = try MaskingHarness.plan(rules: MaskingHarness.fieldRule("v", "action: hash"), key: nil, keyFile: file.path)
            let result = try MaskingHarness.run(#"{"v":""# + message + "\"}\n", plan: plan)
            #expect(result.lines == [#"{"v":""# + expected + #""}"#])
        }
    }

    @Test(arguments: [
        "bob@example.com", "a\"b\\c", "日本語テキスト", "café", "tab\there", "emoji 😀 ok",
    ])
    func hmacMatchesIndependentReference(_ value: String) throws {
        let json = String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]), as: UTF8.self)
        #expect(try Self.maskValue(json, action: "action: hash") == "\"" + Self.hmac(value) + "\"")
        #expect(try Self.maskValue(json, action: "action: hash\nlength: 16\nprefix: \"u_\"") == "\"u_" + Self.hmac(value).prefix(16) + "\"")
        #expect(try Self.maskValue(json, action: "action: hash\nlength: 1") == "\"" + Self.hmac(value).prefix(1) + "\"")
    }

    @Test func otherKeyOtherHash() throws {
        let one = try Self.maskValue(#""bob@example.com""#, action: "action: hash", key: "one")
        let two = try Self.maskValue(#""bob@example.com""#, action: "action: hash", key: "two")
        #expect(one != two)
        #expect(one == "\"" + Self.hmac("bob@example.com", key: Array("one".utf8)) + "\"")
    }

    @Test func keyFileLosesOneTrailingNewline() throws {
        let cases: [(file: [UInt8], key: String)] = [
            (Array("secret\n".utf8), "secret"),
            (Array("secret".utf8), "secret"),
            (Array("secret\r\n".utf8), "secret"),
            (Array("secret\n\n".utf8), "secret\n"),
            (Array(" secret \n".utf8), " secret "),
        ]
        for (bytes, key) in cases {
            let file = try TemporaryFile(bytes: bytes)
            let plan = try MaskingHarness.plan(rules: MaskingHarness.fieldRule("v", "action: hash"), key: nil, keyFile: file.path)
            #expect(plan.hashKey == Array(key.utf8), "\(bytes)")
            let result = try MaskingHarness.run(#"{"v":"x"}"# + "\n", plan: plan)
            #expect(result.lines == [#"{"v":""# + Self.hmac("x", key: Array(key.utf8)) + #""}"#])
        }
    }

    @Test func keyFileWinsOverEnvironmentAndEmptyKeysFail() throws {
        let file = try TemporaryFile(bytes: Array("from-file\n".utf8))
        var request = PlanRequest()
        request.rulesText = MaskingHarness.fieldRule("v", "action: hash")
        request.keyFile = file.path
        request.environment = ["PIIMASK_HASH_KEY": "from-env"]
        #expect(try PlanLoader.load(request).hashKey == Array("from-file".utf8))

        let empty = try TemporaryFile(bytes: [0x0A])
        request.keyFile = empty.path
        #expect(throws: ConfigError.self) { try PlanLoader.load(request) }
        request.keyFile = nil
        request.environment = ["PIIMASK_HASH_KEY": ""]
        #expect(throws: ConfigError.self) { try PlanLoader.load(request) }
        request.environment = ["OTHER": "x"]
        request.rulesText = "version: 1\nhash_key_env: OTHER\nfields:\n  - select: v\n    action: hash\n"
        #expect(try PlanLoader.load(request).hashKey == Array("x".utf8))
    }

    @Test func keyNeverAppears() throws {
        let secret = "s3cr3t-K3y-do-not-print"
        let rules = """
            version: 1
            fields:
              - select: v
                action: hash
              - select: p
                action: pseudonym
            detect:
              entities: [EMAIL]
              action: hash
            """
        let input = #"{"v":"s3cr3t-K3y-do-not-print","p":"s3cr3t-K3y-do-not-print","m":"mail s3cr3t@example.com"}"# + "\n"
        let plan = try MaskingHarness.plan(rules: rules, key: secret)
        let result = try MaskingHarness.run(input, plan: plan)
        #expect(!result.output.contains(secret))
        #expect(!result.output.contains("s3cr3t"))
        let described = EffectiveRules.describe(plan).joined(separator: "\n") + EffectiveRules.warnings(plan).joined()
        #expect(!described.contains(secret))
        #expect(described.contains("hash key: set (\(secret.utf8.count) bytes)"))

        let file = try TemporaryFile(bytes: Array((secret + "\n").utf8))
        let error = #expect(throws: ConfigError.self) {
            try MaskingHarness.plan(rules: "version: 1\nfields:\n  - select: [\n", key: secret, keyFile: file.path)
        }
        #expect(error.map { !$0.description.contains(secret) } == true)
    }

    // MARK: pseudonym on JSON values

    @Test(arguments: [
        #""+1 415-555-0132""#, #""Bob.Smith-42""#, #""a\"b\\c""#, #""日本語 text""#, #""\u00e9t\u00e9 2024""#,
    ])
    func pseudonymKeepsJSONValid(_ value: String) throws {
        let masked = try Self.maskValue(value, action: "action: pseudonym")
        let original = try #require(MaskingHarness.parse(value) as? String)
        let replaced = try #require(MaskingHarness.parse(masked) as? String, "not a JSON string: \(masked)")
        #expect(replaced != original)
        #expect(replaced.unicodeScalars.count == original.unicodeScalars.count)
        #expect(try Self.maskValue(value, action: "action: pseudonym") == masked)
    }

    // MARK: span actions in text records

    static let spanRules = """
        version: 1
        detect:
          entities: [EMAIL, USA_SSN, IP_ADDRESS, PHONE_NUMBER, CREDIT_CARD]
          actions:
            EMAIL: {action: hash, length: 8, prefix: "h:"}
            USA_SSN: {action: "null"}
            IP_ADDRESS: {action: generalize}
            PHONE_NUMBER: {action: partial, keep_right: 4, only: "[0-9]"}
            CREDIT_CARD: {action: redact, text: "<{entity}>"}
        """

    @Test func spanActionsInText() throws {
        let input = "mail bob@example.com ssn 219-09-9998 ip 203.0.113.9 tel 415-555-0132 card 4111111111111111 日本語 end\n"
        let result = try MaskingHarness.run(input, rules: Self.spanRules, format: .text)
        let hash = "h:" + Self.hmac("bob@example.com").prefix(8)
        #expect(result.output == "mail \(hash) ssn  ip 203.0.113.0 tel ***-***-0132 card <CREDIT_CARD> 日本語 end\n")
        #expect(result.matches("EMAIL") == 1)
        #expect(result.matches("CREDIT_CARD") == 1)
    }

    @Test func spanActionsInJSONStringsWithEscapes() throws {
        let input = #"{"m":"\"bob@example.com\"\n\u65e5 4111111111111111\t219-09-9998"}"# + "\n"
        let result = try MaskingHarness.run(input, rules: Self.spanRules)
        let hash = "h:" + Self.hmac("bob@example.com").prefix(8)
        let object = try #require(MaskingHarness.parse(result.lines[0]) as? [String: String])
        #expect(object["m"] == "\"\(hash)\"\n日 <CREDIT_CARD>\t")
    }

    @Test func spanPseudonymAndDropInText() throws {
        let rules = """
            version: 1
            detect:
              entities: [EMAIL, USA_SSN]
              actions:
                EMAIL: {action: pseudonym}
                USA_SSN: {action: drop}
            """
        let result = try MaskingHarness.run("to bob.smith@example.com, ssn 219-09-9998.\n", rules: rules, format: .text)
        let line = result.lines[0]
        #expect(line.hasPrefix("to "))
        #expect(line.hasSuffix(".com, ssn .")) // the email keeps its top-level domain; the SSN is gone
        let email = String(line.dropFirst(3).prefix("bob.smith@example.com".count))
        #expect(email != "bob.smith@example.com")
        #expect(email.count == "bob.smith@example.com".count)
        #expect(email.firstIndex(of: "@") == email.index(email.startIndex, offsetBy: 9))
    }

    @Test func replacementIsQuotedInCSV() throws {
        let rules = """
            version: 1
            detect:
              entities: [CREDIT_CARD]
              action: redact
              text: 'a,"b"'
            fields:
              - select: note
                action: redact
                text: "line1\\nline2"
            """
        let result = try MaskingHarness.run("card,note\n\"x 4111111111111111\",y\n4111111111111111,z\n", rules: rules, format: .csv)
        #expect(result.output == "card,note\n\"x a,\"\"b\"\"\",\"line1\nline2\"\n\"a,\"\"b\"\"\",\"line1\nline2\"\n")
    }

    /// A file in the temporary directory, removed when the value goes away.
    final class TemporaryFile {
        let path: String

        init(bytes: [UInt8]) throws {
            path = NSTemporaryDirectory() + "piimask-test-\(UUID().uuidString)"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        }

        deinit { try? FileManager.default.removeItem(atPath: path) }
    }
}
