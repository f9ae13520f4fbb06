import Crypto
import Foundation
import Testing

@testable import PIIMaskCore

/// piimask's own rules files: the issue-4 example exactly as written, precedence, selectors, `drop`
/// keeping valid JSON, record rules, and a table of bad files with their messages and locations.
@Suite("Rules file")
struct RulesFileTests {
    /// The example of issue 4, verbatim (users and docs rely on these words).
    static let issueExample = """
        version: 1
        fields:
          - select: user.email
            action: hash            # HMAC-SHA-256, key from PIIMASK_HASH_KEY
          - select: payment.card
            action: partial
            keep_right: 4
            mask_char: "*"
            only: "[0-9]"           # mask only digits; separators stay
          - select: "**.password"
            action: drop
          - select: http.client_ip
            action: generalize
          - select: user.ssn
            action: redact
            text: "[SSN]"
          - select: note
            action: "null"
          - select: user.phone
            action: pseudonym
          - select: request_id
            action: keep
        detect:
          entities: [EMAIL, PHONE_NUMBER, CREDIT_CARD, USA_SSN, IP_ADDRESS]   # free text in all other strings
        """

    static func hmacHex(_ text: String, key: String = MaskingHarness.key) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: SymmetricKey(data: Array(key.utf8)))
        return code.map { String(format: "%02x", $0) }.joined()
    }

    @Test func issueExampleWorksAsWritten() throws {
        let input = #"{"request_id":"req-bob@example.com","password":"top","user":{"email":"alice@example.com","ssn":"123-45-6789","phone":"+1 415-555-0132","password":"hunter2","name":"Alice"},"payment":{"card":"4111-1111-1111-1234","password":"x"},"http":{"client_ip":"203.0.113.42","path":"/login","auth":{"password":"deep"}},"note":"call me at 415-555-0132","message":"mail bob@example.com, card 4111 1111 1111 1111, ssn 219-09-9998, from 198.51.100.7"}"#
        let line = try MaskingHarness.maskLine(input, rules: Self.issueExample)

        // The pseudonym is keyed and random-looking: read it back, then check everything else byte for byte.
        let object = try #require(MaskingHarness.parse(line) as? [String: Any])
        let phone = try #require((object["user"] as? [String: Any])?["phone"] as? String)
        #expect(phone != "+1 415-555-0132")
        #expect(phone.count == "+1 415-555-0132".count)
        #expect(phone.map { $0.isNumber ? "9" : $0 } == "+1 415-555-0132".map { $0.isNumber ? "9" : $0 })

        let expected = #"{"request_id":"req-bob@example.com","user":{"email":""# + Self.hmacHex("alice@example.com")
            + #"","ssn":"[SSN]","phone":""# + phone + #"","name":"Alice"},"payment":{"card":"****-****-****-1234"},"http":{"client_ip":"203.0.113.0","path":"/login","auth":{}},"note":null,"message":"mail [EMAIL], card [CREDIT_CARD], ssn [USA_SSN], from [IP_ADDRESS]"}"#
        #expect(line == expected)
    }

    @Test func issueExampleChecksAndDescribes() throws {
        let plan = try MaskingHarness.plan(rules: Self.issueExample)
        #expect(plan.fieldRules.count == 8)
        #expect(plan.entities.map(\.name) == ["EMAIL", "PHONE_NUMBER", "CREDIT_CARD", "USA_SSN", "IP_ADDRESS"])
        let lines = EffectiveRules.describe(plan)
        #expect(lines.contains("  1. user.email -> hash (HMAC-SHA-256)"))
        #expect(lines.contains("  8. request_id -> keep (detect only)"))
        #expect(EffectiveRules.warnings(plan).isEmpty)
    }

    @Test func sameRulesAsJSON() throws {
        let json = #"{"version": 1, "fields": [{"select": "user.email", "action": "redact", "text": "[E]"}], "detect": {"entities": ["USA_SSN"]}}"#
        let line = try MaskingHarness.maskLine(#"{"user":{"email":"a@b.com"},"m":"a@b.com 219-09-9998"}"#, rules: json)
        #expect(line == #"{"user":{"email":"[E]"},"m":"a@b.com [USA_SSN]"}"#)
    }

    // MARK: Precedence

    struct PrecedenceCase: CustomTestStringConvertible, Sendable {
        let name: String
        let rules: [(select: String, text: String)]
        let input: String
        let output: String
        var testDescription: String { name }
    }

    static let precedenceCases: [PrecedenceCase] = [
        PrecedenceCase(
            name: "literal path beats ** whichever comes first",
            rules: [("**.email", "ANY"), ("user.email", "USER")],
            input: #"{"user":{"email":"x"},"other":{"email":"y"},"email":"z"}"#,
            output: #"{"user":{"email":"USER"},"other":{"email":"ANY"},"email":"ANY"}"#),
        PrecedenceCase(
            name: "literal path beats ** (literal first)",
            rules: [("user.email", "USER"), ("**.email", "ANY")],
            input: #"{"user":{"email":"x"},"other":{"email":"y"}}"#,
            output: #"{"user":{"email":"USER"},"other":{"email":"ANY"}}"#),
        PrecedenceCase(
            name: "same selector twice: the earlier rule",
            rules: [("a", "FIRST"), ("a", "SECOND")],
            input: #"{"a":"x"}"#, output: #"{"a":"FIRST"}"#),
        PrecedenceCase(
            name: "equal specificity: the earlier rule (a.* first)",
            rules: [("a.*", "STAR_LAST"), ("*.b", "STAR_FIRST")],
            input: #"{"a":{"b":"x","c":"y"},"d":{"b":"z"}}"#,
            output: #"{"a":{"b":"STAR_LAST","c":"STAR_LAST"},"d":{"b":"STAR_FIRST"}}"#),
        PrecedenceCase(
            name: "equal specificity: the earlier rule (*.b first)",
            rules: [("*.b", "STAR_FIRST"), ("a.*", "STAR_LAST")],
            input: #"{"a":{"b":"x","c":"y"}}"#,
            output: #"{"a":{"b":"STAR_FIRST","c":"STAR_LAST"}}"#),
        PrecedenceCase(
            name: "[N] beats [*]",
            rules: [("items[*].card", "ANY"), ("items[1].card", "ONE")],
            input: #"{"items":[{"card":"1"},{"card":"2"},{"card":"3"}]}"#,
            output: #"{"items":[{"card":"ANY"},{"card":"ONE"},{"card":"ANY"}]}"#),
        PrecedenceCase(
            name: "* beats **",
            rules: [("**.k", "DEEP"), ("*.k", "ONE")],
            input: #"{"k":"0","a":{"k":"1","b":{"k":"2"}}}"#,
            output: #"{"k":"DEEP","a":{"k":"ONE","b":{"k":"DEEP"}}}"#),
        PrecedenceCase(
            name: "a.**.b reaches b at every depth below a, not elsewhere",
            rules: [("a.**.b", "HIT")],
            input: #"{"a":{"b":"1","x":{"b":"2","y":[{"b":"3"}]}},"b":"4","c":{"b":"5"}}"#,
            output: #"{"a":{"b":"HIT","x":{"b":"HIT","y":[{"b":"HIT"}]}},"b":"4","c":{"b":"5"}}"#),
    ]

    @Test(arguments: precedenceCases)
    func precedence(_ test: PrecedenceCase) throws {
        var rules = "version: 1\nfields:\n"
        for rule in test.rules {
            rules += "  - select: \"\(rule.select)\"\n    action: redact\n    text: \(rule.text)\n"
        }
        rules += "detect:\n  entities: [EMAIL]\n"
        #expect(try MaskingHarness.maskLine(test.input, rules: rules) == test.output)
    }

    @Test func fieldRuleOverridesDetectionAndKeepExempts() throws {
        let rules = """
            version: 1
            fields:
              - select: masked
                action: partial
                keep_left: 2
              - select: kept
                action: keep
              - select: ssn_only
                detect: [USA_SSN]
            detect:
              entities: [EMAIL, USA_SSN]
            """
        let input = #"{"masked":"bob@example.com","kept":"bob@example.com 219-09-9998","ssn_only":"bob@example.com 219-09-9998","free":"bob@example.com 219-09-9998"}"#
        let line = try MaskingHarness.maskLine(input, rules: rules)
        #expect(line == #"{"masked":"bo*************","kept":"bob@example.com 219-09-9998","ssn_only":"bob@example.com [USA_SSN]","free":"[EMAIL] [USA_SSN]"}"#)
    }

    @Test func detectDefaultsAndPerEntityActions() throws {
        let rules = """
            version: 1
            detect:
              entities: [EMAIL, USA_SSN, IP_ADDRESS]
              action: redact
              text: "<{entity}>"
              actions:
                USA_SSN: {action: partial, keep_right: 4, only: "[0-9]"}
                IP_ADDRESS: {action: generalize}
            """
        let line = try MaskingHarness.maskLine(#"{"m":"bob@example.com 219-09-9998 203.0.113.42"}"#, rules: rules)
        #expect(line == #"{"m":"<EMAIL> ***-**-9998 203.0.113.0"}"#)
    }

    // MARK: Selectors

    struct SelectorCase: CustomTestStringConvertible, Sendable {
        let selector: String
        let input: String
        let output: String
        var testDescription: String { selector }
    }

    static let selectorCases: [SelectorCase] = [
        SelectorCase(selector: "user.email", input: #"{"user":{"email":"x","e":"y"},"email":"z"}"#, output: #"{"user":{"email":"R","e":"y"},"email":"z"}"#),
        SelectorCase(selector: "items[*].card", input: #"{"items":[{"card":"1"},{"card":"2","n":"3"}],"card":"4"}"#, output: #"{"items":[{"card":"R"},{"card":"R","n":"3"}],"card":"4"}"#),
        SelectorCase(selector: "items[0].card", input: #"{"items":[{"card":"1"},{"card":"2"}]}"#, output: #"{"items":[{"card":"R"},{"card":"2"}]}"#),
        SelectorCase(selector: "tags[2]", input: #"{"tags":["a","b","c","d"]}"#, output: #"{"tags":["a","b","R","d"]}"#),
        SelectorCase(selector: "m[*][1]", input: #"{"m":[["a","b"],["c","d"]]}"#, output: #"{"m":[["a","R"],["c","R"]]}"#),
        SelectorCase(selector: "*.email", input: #"{"email":"0","a":{"email":"1"},"b":{"c":{"email":"2"}}}"#, output: #"{"email":"0","a":{"email":"R"},"b":{"c":{"email":"2"}}}"#),
        SelectorCase(selector: "**.password", input: #"{"password":"0","a":{"password":"1"},"b":[{"c":{"password":"2"}}]}"#, output: #"{"password":"R","a":{"password":"R"},"b":[{"c":{"password":"R"}}]}"#),
        SelectorCase(selector: #""a.b".c"#, input: #"{"a.b":{"c":"1"},"a":{"b":{"c":"2"}}}"#, output: #"{"a.b":{"c":"R"},"a":{"b":{"c":"2"}}}"#),
        SelectorCase(selector: "'key with spaces'", input: #"{"key with spaces":"1","key":"2"}"#, output: #"{"key with spaces":"R","key":"2"}"#),
        SelectorCase(selector: "'日本'.名前", input: #"{"日本":{"名前":"太郎"}}"#, output: #"{"日本":{"名前":"R"}}"#),
        SelectorCase(selector: "user.email", input: #"{"us\u0065r":{"em\u0061il":"x"}}"#, output: #"{"us\u0065r":{"em\u0061il":"R"}}"#),
    ]

    @Test(arguments: selectorCases)
    func selector(_ test: SelectorCase) throws {
        let rules = "version: 1\nfields:\n  - select: '\(test.selector.replacingOccurrences(of: "'", with: "''"))'\n    action: redact\n    text: R\n"
        #expect(try MaskingHarness.maskLine(test.input, rules: rules) == test.output)
    }

    /// Index edges are keyed by (parent, index): an index past 2^32 must not alias another edge.
    @Test func largeIndexSelectsOnlyItsElement() throws {
        let matcher = PathMatcher([try Selector(parsing: "a.b"), try Selector(parsing: "[4294967296]")])
        var set: [Int32] = []
        matcher.start(into: &set)
        let root = 0..<set.count
        matcher.step(&set, from: root, key: Array("a".utf8).span)
        let underA = root.upperBound..<set.count
        let element = set.count
        matcher.step(&set, from: underA, index: 0)
        #expect(matcher.bestRule(in: set, range: element..<set.count) == nil)
        #expect(matcher.rule(forColumnNamed: nil, index: 4_294_967_296) == 1)
    }

    @Test func selectorSyntax() throws {
        #expect(try Selector(parsing: "items[*].card").segments == [.key("items"), .anyIndex, .key("card")])
        #expect(try Selector(parsing: "**.password").segments == [.anyDepth, .key("password")])
        #expect(try Selector(parsing: #""a.b".'c d'"#).segments == [.key("a.b"), .key("c d")])
        #expect(try Selector(parsing: "3").isColumnNumber)
        #expect(try Selector(parsing: "3").segments == [.index(2)])
        #expect(try Selector(parsing: #""3""#).segments == [.key("3")])
        for bad in ["", "a..b", "a.", "a[", "a[x]", "a[-1]", "a*", "**", "0", "'open"] {
            #expect(throws: SelectorError.self, "\(bad)") { try Selector(parsing: bad) }
        }
    }

    // MARK: drop keeps valid JSON

    struct DropCase: CustomTestStringConvertible, Sendable {
        let name: String
        let input: String
        let output: String
        var testDescription: String { name }
    }

    static let dropCases: [DropCase] = [
        DropCase(name: "first member", input: #"{"p":1,"a":2}"#, output: #"{"a":2}"#),
        DropCase(name: "middle member", input: #"{"a":1,"p":2,"b":3}"#, output: #"{"a":1,"b":3}"#),
        DropCase(name: "last member", input: #"{"a":1,"p":2}"#, output: #"{"a":1}"#),
        DropCase(name: "only member", input: #"{"p":1}"#, output: #"{}"#),
        DropCase(name: "consecutive members", input: #"{"a":0,"p":1,"q":{"x":[1]},"p":"2","b":3}"#, output: #"{"a":0,"b":3}"#),
        DropCase(name: "all members", input: #"{"p":1,"q":2,"p":3}"#, output: #"{}"#),
        DropCase(name: "nested only member", input: #"{"a":{"p":{"x":1}},"b":[{"p":null}]}"#, output: #"{"a":{},"b":[{}]}"#),
        DropCase(name: "with spaces", input: #"{ "a" : 1 , "p" : 2 , "b" : 3 }"#, output: #"{ "a" : 1 , "b" : 3 }"#),
        DropCase(name: "last with spaces", input: #"{ "a" : 1 , "p" : [ 1 , 2 ] }"#, output: #"{ "a" : 1 }"#),
        DropCase(name: "value with escapes", input: #"{"p":"a\"b\\","a":"\u00e9"}"#, output: #"{"a":"\u00e9"}"#),
        DropCase(name: "array elements", input: #"{"arr":[1,"two",{"x":3}],"a":1}"#, output: #"{"arr":[],"a":1}"#),
        DropCase(name: "one array element", input: #"{"x":[1,2,3],"y":["a"]}"#, output: #"{"x":[1,3],"y":[]}"#),
        DropCase(name: "first array element", input: #"{"y":["a","b"],"x":[0]}"#, output: #"{"y":["b"],"x":[0]}"#),
    ]

    static let dropRules = """
        version: 1
        fields:
          - select: "**.p"
            action: drop
          - select: "**.q"
            action: drop
          - select: "arr[*]"
            action: drop
          - select: "x[1]"
            action: drop
          - select: "y[0]"
            action: drop
        """

    @Test(arguments: dropCases)
    func dropKeepsValidJSON(_ test: DropCase) throws {
        let line = try MaskingHarness.maskLine(test.input, rules: Self.dropRules)
        #expect(line == test.output)
        #expect(MaskingHarness.parse(line) != nil, "not JSON: \(line)")
    }

    @Test func dropOnEveryMemberPositionIsValidJSON() throws {
        // Every subset of members of a five-member object, dropped, parses and keeps the others in order.
        let names = ["a", "b", "c", "d", "e"]
        for mask in 0..<(1 << names.count) {
            let dropped = names.indices.filter { mask & (1 << $0) != 0 }.map { names[$0] }
            var rules = "version: 1\nfields:\n"
            for name in dropped { rules += "  - select: \(name)\n    action: drop\n" }
            if dropped.isEmpty { rules += "  - select: zz\n    action: drop\n" }
            let input = "{" + names.enumerated().map { "\"\($1)\":\($0)" }.joined(separator: ",") + "}"
            let line = try MaskingHarness.maskLine(input, rules: rules)
            let object = try #require(MaskingHarness.parse(line) as? [String: Any], "not JSON: \(line) for \(dropped)")
            #expect(Set(object.keys) == Set(names).subtracting(dropped))
        }
    }

    // MARK: Record rules

    @Test func recordRulesDropAndCount() throws {
        let rules = """
            version: 1
            records:
              - select: http.path
                equals: /healthz
              - select: ua
                matches: "^kube-probe/"
            """
        let input = [
            #"{"http":{"path":"/healthz"},"n":1}"#,
            #"{"http":{"path":"/login"},"n":2}"#,
            #"{"ua":"kube-probe/1.29","n":3}"#,
            #"{"ua":"curl/8","n":4}"#,
            #"{"http":{"path":"\/healthz"},"n":5}"#,
            #"{"path":"/healthz","n":6}"#,
            #"{"http":{"path":"/healthz/x"},"n":7}"#,
        ].joined(separator: "\n") + "\n"
        let result = try MaskingHarness.run(input, rules: rules)
        #expect(result.lines == [
            #"{"http":{"path":"/login"},"n":2}"#,
            #"{"ua":"curl/8","n":4}"#,
            #"{"path":"/healthz","n":6}"#,
            #"{"http":{"path":"/healthz/x"},"n":7}"#,
        ])
        #expect(result.summary.stats.droppedByRule == 3)
        #expect(result.summary.stats.recordsIn == 7)
        #expect(result.summary.stats.recordsOut == 4)
    }

    // MARK: Bad files

    struct BadFile: CustomTestStringConvertible, Sendable {
        let name: String
        let yaml: String
        let message: String
        let line: Int?
        let column: Int?
        var key: String? = MaskingHarness.key
        var testDescription: String { name }
    }

    static let badFileCases: [BadFile] = [
        BadFile(
            name: "unknown key with a suggestion", yaml: "version: 1\nfields:\n  - select: a\n    actoin: hash\n",
            message: "unknown key 'actoin' (did you mean 'action'?)", line: 4, column: 5),
        BadFile(
            name: "unknown top-level key", yaml: "version: 1\nfeilds: []\n",
            message: "unknown key 'feilds' (did you mean 'fields'?)", line: 2, column: 1),
        BadFile(
            name: "unknown action", yaml: "version: 1\nfields:\n  - select: a\n    action: hsah\n",
            message: "unknown action 'hsah' (did you mean 'hash'?)", line: 4, column: 13),
        BadFile(
            name: "unknown entity in detect", yaml: "version: 1\ndetect:\n  entities: [EMAL]\n",
            message: "unknown entity type 'EMAL' (did you mean EMAIL?)", line: 3, column: 13),
        BadFile(
            name: "unknown entity in a field's detect", yaml: "version: 1\nfields:\n  - select: m\n    detect: [USA_SNN]\n",
            message: "unknown entity type 'USA_SNN' (did you mean USA_SSN?)", line: 4, column: 13),
        BadFile(
            name: "unknown entity in actions", yaml: "version: 1\ndetect:\n  actions:\n    EMIAL: {action: keep}\n",
            message: "unknown entity type 'EMIAL'", line: 4, column: 12),
        BadFile(
            name: "bad selector", yaml: "version: 1\nfields:\n  - select: \"a..b\"\n    action: redact\n",
            message: "bad selector: empty key at character 3 of 'a..b'", line: 3, column: 13),
        BadFile(
            name: "bad selector index", yaml: "version: 1\nfields:\n  - select: \"a[x]\"\n    action: redact\n",
            message: "bad selector: expected [*] or [N] with N >= 0", line: 3, column: 13),
        BadFile(
            name: "missing select", yaml: "version: 1\nfields:\n  - action: redact\n",
            message: "missing 'select'", line: 3, column: 5),
        BadFile(
            name: "hash without a key", yaml: "version: 1\nfields:\n  - select: a\n    action: hash\n",
            message: "the hash action needs a secret key: set PIIMASK_HASH_KEY or pass --key-file FILE", line: 4, column: 13, key: nil),
        BadFile(
            name: "hash without the named key variable",
            yaml: "version: 1\nhash_key_env: MY_KEY\ndetect:\n  entities: [EMAIL]\n  action: hash\n",
            message: "set MY_KEY or pass --key-file FILE", line: 4, column: 3),
        BadFile(
            name: "unquoted null action", yaml: "version: 1\nfields:\n  - select: a\n    action: null\n",
            message: "write the null action in quotes: action: \"null\"", line: 4, column: 13),
        BadFile(
            name: "tilde null action", yaml: "version: 1\nfields:\n  - select: a\n    action: ~\n",
            message: "write the null action in quotes", line: 4, column: 13),
        BadFile(
            name: "empty action", yaml: "version: 1\nfields:\n  - select: a\n    action:\n",
            message: "write the null action in quotes", line: 4, column: 12),
        BadFile(
            name: "wrong version", yaml: "version: 2\nfields: []\n",
            message: "this piimask reads rules version 1", line: 1, column: 10),
        BadFile(
            name: "missing version", yaml: "fields: []\n",
            message: "missing 'version: 1'", line: 1, column: 1),
        BadFile(
            name: "both action and detect", yaml: "version: 1\nfields:\n  - select: a\n    action: redact\n    detect: [EMAIL]\n",
            message: "a field rule has either 'action' or 'detect', not both", line: 3, column: 5),
        BadFile(
            name: "option of another action", yaml: "version: 1\nfields:\n  - select: a\n    action: hash\n    keep_right: 3\n",
            message: "'keep_right' is not an option of the hash action (options: length, prefix)", line: 5, column: 17),
        BadFile(
            name: "bad only class", yaml: "version: 1\nfields:\n  - select: a\n    action: partial\n    only: \"[0-9\"\n",
            message: "'only' must be a PCRE2 character class such as [0-9]: missing terminating ] for character class", line: 5, column: 11),
        BadFile(
            name: "two-character mask", yaml: "version: 1\nfields:\n  - select: a\n    action: partial\n    mask_char: \"**\"\n",
            message: "mask_char is one character", line: 5, column: 16),
        BadFile(
            name: "hash length out of range", yaml: "version: 1\nfields:\n  - select: a\n    action: sha256\n    length: 65\n",
            message: "65 is out of range; expected 1...64", line: 5, column: 13),
        BadFile(
            name: "generalize date precision", yaml: "version: 1\nfields:\n  - select: a\n    action: generalize\n    date: day\n",
            message: "date is month or year", line: 5, column: 11),
        BadFile(
            name: "record rule with both conditions", yaml: "version: 1\nrecords:\n  - select: a\n    equals: x\n    matches: y\n",
            message: "a record rule needs exactly one of 'equals' or 'matches'", line: 3, column: 5),
        BadFile(
            name: "record rule with another action", yaml: "version: 1\nrecords:\n  - select: a\n    equals: x\n    action: redact\n",
            message: "record rules only drop records (action: drop)", line: 5, column: 13),
        BadFile(
            name: "record rule pattern", yaml: "version: 1\nrecords:\n  - select: a\n    matches: \"(x\"\n",
            message: "the pattern does not compile: missing closing parenthesis at offset 2", line: 4, column: 14),
        BadFile(
            name: "fields is not a list", yaml: "version: 1\nfields:\n  select: a\n",
            message: "expected a list", line: 3, column: 3),
        BadFile(
            name: "duplicate key", yaml: "version: 1\nfields:\n  - select: a\n    action: keep\n    action: drop\n",
            message: "key 'action' appears twice", line: 5, column: 5),
        BadFile(
            name: "YAML syntax", yaml: "version: 1\nfields:\n  - select: a\n    action: [x\n",
            message: "YAML syntax", line: 5, column: 1),
        BadFile(
            name: "neither rules nor Glue", yaml: "hello: world\n",
            message: "not a piimask rules file (it needs 'version: 1')", line: 1, column: 1),
        BadFile(
            name: "bad custom pattern entity name", yaml: "version: 1\npatterns:\n  - entity: employee-id\n    pattern: x\n",
            message: "entity names use only A-Z, 0-9 and _", line: 3, column: 13),
    ]

    @Test(arguments: badFileCases)
    func badFile(_ test: BadFile) throws {
        let error = #expect(throws: ConfigError.self) {
            let plan = try MaskingHarness.plan(rules: test.yaml, key: test.key)
            _ = try MaskingEngine(plan: plan, options: MaskingOptions(format: .jsonl))
        }
        guard let error else { return }
        #expect(error.message.contains(test.message), "\(error)")
        #expect(error.file == "PIIMASK_RULES", "\(error)")
        #expect(error.line == test.line, "\(error)")
        #expect(error.column == test.column, "\(error)")
    }

    @Test func badCustomPatternInRulesFails() throws {
        let yaml = "version: 1\npatterns:\n  - entity: EMPLOYEE_ID\n    pattern: 'E-(?<x[0-9]{6})'\n"
        let error = #expect(throws: ConfigError.self) { try MaskingHarness.plan(rules: yaml) }
        #expect(error?.description.contains("EMPLOYEE_ID") == true)
        #expect(error?.description.contains("at offset 6") == true)
    }

    @Test func customPatternInRulesMasks() throws {
        let rules = """
            version: 1
            patterns:
              - entity: EMPLOYEE_ID
                category: secret
                pattern: 'E-[0-9]{6}'
            detect:
              entities: [EMPLOYEE_ID, EMAIL]
            """
        #expect(try MaskingHarness.maskLine(#"{"m":"E-123456 and a@b.com"}"#, rules: rules) == #"{"m":"[EMPLOYEE_ID] and [EMAIL]"}"#)
    }

    @Test func sha256Warns() throws {
        let plan = try MaskingHarness.plan(rules: "version: 1\nfields:\n  - select: ssn\n    action: sha256\n")
        #expect(EffectiveRules.warnings(plan).first?.contains("unkeyed") == true)
    }
}
