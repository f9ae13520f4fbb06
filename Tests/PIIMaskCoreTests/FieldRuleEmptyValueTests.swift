import Testing

@testable import PIIMaskCore

/// Regression: a `redact` rule turned an empty CSV cell into `[REDACTED]`, adding data where there
/// was none. Rewriting rules now leave empty values empty; `null` and `drop` still apply.
@Suite("Field rules on empty values")
struct FieldRuleEmptyValueTests {
    static let rewriting = ["action: redact", "action: hash", "action: sha256", "action: pseudonym",
                            "action: partial\nkeep_right: 2", "action: generalize"]

    @Test(arguments: rewriting)
    func emptyJSONStringStaysEmpty(_ action: String) throws {
        let line = try MaskingHarness.maskLine(#"{"a":"","b":"x"}"#, rules: MaskingHarness.fieldRule("a", action))
        #expect(line == #"{"a":"","b":"x"}"#)
    }

    @Test(arguments: rewriting)
    func emptyCSVCellStaysEmpty(_ action: String) throws {
        let result = try MaskingHarness.run("a,b\n,x\nyyyy,z\n", rules: MaskingHarness.fieldRule("a", action), format: .csv)
        #expect(result.lines[1] == ",x")
        #expect(result.lines[2] != "yyyy,z", "a non-empty value is still rewritten")
    }

    @Test func nullAndDropStillApplyToEmptyValues() throws {
        #expect(try MaskingHarness.maskLine(#"{"a":"","b":"x"}"#, rules: MaskingHarness.fieldRule("a", #"action: "null""#)) == #"{"a":null,"b":"x"}"#)
        #expect(try MaskingHarness.maskLine(#"{"a":"","b":"x"}"#, rules: MaskingHarness.fieldRule("a", "action: drop")) == #"{"b":"x"}"#)
    }
}
