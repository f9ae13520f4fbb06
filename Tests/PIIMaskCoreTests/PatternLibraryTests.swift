import Foundation
import Testing

@testable import PIIMaskCore

/// The pattern library: every example of every pattern file, the embedded copy in sync with
/// `Patterns/`, `--entities` selection, and user pattern files that do not compile.
@Suite("Pattern library")
struct PatternLibraryTests {
    /// The repository root (this file is Tests/PIIMaskCoreTests/PatternLibraryTests.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let library: PatternLibrary = {
        do { return try PatternLibrary.builtin() } catch { fatalError("built-in library: \(error)") }
    }()

    static let entityNames: [String] = library.definitions.map(\.name)

    @Test(arguments: entityNames)
    func examples(_ name: String) throws {
        let definition = try #require(Self.library.definition(named: name))
        #expect(definition.maskExamples.count >= 5, "at least 5 mask examples")
        #expect(definition.keepExamples.count >= 5, "at least 5 keep examples")
        #expect(!definition.source.isEmpty, "the source of the format is named")
        for failure in try PatternExamples.check(definition) {
            Issue.record("\(failure)")
        }
    }

    @Test func libraryHasTheIssueTypes() {
        #expect(Self.entityNames.count >= 40)
        for name in [
            "EMAIL", "CREDIT_CARD", "PHONE_NUMBER", "IP_ADDRESS", "MAC_ADDRESS", "USA_SSN", "USA_ITIN", "USA_PASSPORT_NUMBER",
            "USA_NATIONAL_PROVIDER_IDENTIFIER", "USA_DEA_NUMBER", "USA_MEDICARE_BENEFICIARY_IDENTIFIER", "JAPAN_MY_NUMBER",
            "JAPAN_PASSPORT_NUMBER", "JAPAN_DRIVING_LICENSE", "JAPAN_BANK_ACCOUNT", "UK_NATIONAL_INSURANCE_NUMBER",
            "UK_NATIONAL_HEALTH_SERVICE_NUMBER", "UK_PHONE_NUMBER", "CANADA_SOCIAL_INSURANCE_NUMBER", "SPAIN_DNI", "SPAIN_NIE",
            "ITALY_FISCAL_CODE", "FRANCE_INSEE_CODE", "GERMANY_TAX_IDENTIFICATION_NUMBER", "NETHERLANDS_CITIZEN_SERVICE_NUMBER",
            "INDIA_AADHAAR_NUMBER", "INDIA_PERMANENT_ACCOUNT_NUMBER", "KOREA_RESIDENCE_REGISTRATION_NUMBER_FOR_CITIZENS",
            "SINGAPORE_NATIONAL_REGISTRY_IDENTIFICATION_NUMBER", "AUSTRALIA_TAX_FILE_NUMBER", "AUSTRALIA_MEDICARE_NUMBER",
            "BRAZIL_NATURAL_PERSON_REGISTRY_NUMBER", "CHINA_IDENTIFICATION", "IBAN", "SWIFT_CODE", "AWS_ACCESS_KEY_ID",
            "PRIVATE_KEY", "JSON_WEB_TOKEN", "URL_WITH_CREDENTIALS",
        ] {
            #expect(Self.entityNames.contains(name), "\(name)")
        }
    }

    /// The generator's own check agrees that the embedded copy is current (EmbeddedPatternsTests
    /// compares each generated definition with the parsed file).
    @Test func embedScriptCheckPasses() throws {
        _ = try Python.run(
            arguments: [Self.root.appendingPathComponent("Patterns/embed.py").path, "--check"], in: Self.root,
            purpose: "Patterns/embed.py --check")
    }

    // MARK: --entities

    struct SelectionCase: CustomTestStringConvertible, Sendable {
        let entities: String
        let expected: [String]
        var testDescription: String { entities }
    }

    static let selectionCases: [SelectionCase] = [
        SelectionCase(entities: "EMAIL", expected: ["EMAIL"]),
        SelectionCase(entities: "email, usa_ssn", expected: ["EMAIL", "USA_SSN"]),
        SelectionCase(entities: "EMAIL,EMAIL", expected: ["EMAIL"]),
        SelectionCase(entities: "JAPAN", expected: ["JAPAN_BANK_ACCOUNT", "JAPAN_DRIVING_LICENSE", "JAPAN_MY_NUMBER", "JAPAN_PASSPORT_NUMBER"]),
        SelectionCase(entities: "UK", expected: [
            "UK_DRIVING_LICENSE", "UK_NATIONAL_HEALTH_SERVICE_NUMBER", "UK_NATIONAL_INSURANCE_NUMBER", "UK_PASSPORT_NUMBER", "UK_PHONE_NUMBER",
        ]),
    ]

    @Test(arguments: selectionCases)
    func selection(_ test: SelectionCase) throws {
        #expect(try Self.library.select(test.entities.split(separator: ",").map(String.init)).map(\.name) == test.expected)
    }

    @Test func categoriesAndAll() throws {
        let all = try Self.library.select(["all"])
        #expect(all.count == Self.library.definitions.count)
        let universal = try Self.library.select(["universal"])
        #expect(universal.map(\.name) == Self.library.defaultSelection.map(\.name))
        #expect(Set(universal.map(\.name)).isSuperset(of: ["EMAIL", "CREDIT_CARD", "PHONE_NUMBER", "IP_ADDRESS", "USA_SSN"]))
        let secret = try Self.library.select(["secret"])
        #expect(secret.allSatisfy { $0.category == .secret } && secret.contains { $0.name == "AWS_ACCESS_KEY_ID" })
        let country = try Self.library.select(["country"])
        #expect(country.allSatisfy { $0.category == .country } && country.contains { $0.name == "JAPAN_MY_NUMBER" })
        #expect(universal.count + secret.count + country.count == all.count)
        // The plan uses the same resolution for --entities.
        #expect(try MaskingHarness.plan(entities: "universal,JAPAN").entities.count == universal.count + 4)
    }

    @Test func unknownEntityNamesTheClosest() throws {
        let error = #expect(throws: ConfigError.self) { try Self.library.select(["EMAL"]) }
        #expect(error?.file == "--entities")
        #expect(error?.message.contains("unknown entity type 'EMAL' (did you mean EMAIL?)") == true)
        let far = #expect(throws: ConfigError.self) { try MaskingHarness.plan(entities: "EMAIL,NOTHING_LIKE_IT_AT_ALL") }
        #expect(far?.message.contains("unknown entity type 'NOTHING_LIKE_IT_AT_ALL'") == true)
        #expect(far?.message.contains("piimask patterns list") == true)
    }

    // MARK: user pattern files

    /// A temporary directory with the given files, removed afterwards.
    static func withDirectory<T>(_ files: [String: String], _ body: (String) throws -> T) throws -> T {
        let path = NSTemporaryDirectory() + "piimask-patterns-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for (name, text) in files { try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8) }
        return try body(path)
    }

    @Test func badPatternInADirectoryFailsWithFileEntityAndOffset() throws {
        let files = [
            "GOOD.yaml": "entity: ORDER_ID\ncategory: secret\npattern: 'ORD-[0-9]{6}'\n",
            "EMPLOYEE.yaml": "entity: EMPLOYEE_ID\ncategory: country\npattern: 'E-(?<x[0-9]{6})'\n",
        ]
        try Self.withDirectory(files) { directory in
            // Not selected, still compiled at start-up.
            let error = #expect(throws: ConfigError.self) { try MaskingHarness.plan(patternDirectories: [directory]) }
            #expect(error?.file == directory + "/EMPLOYEE.yaml")
            #expect(error?.message == "pattern of EMPLOYEE_ID does not compile: syntax error in subpattern name (missing terminator?) at offset 6")
        }
    }

    @Test func badPatternFileSyntaxIsLocated() throws {
        let files = ["X.yaml": "entity: X_ID\ncategory: secret\npatern: 'X'\n"]
        try Self.withDirectory(files) { directory in
            let error = #expect(throws: ConfigError.self) { try MaskingHarness.plan(patternDirectories: [directory]) }
            #expect(error?.file == directory + "/X.yaml")
            #expect(error?.line == 3 && error?.column == 1)
            #expect(error?.message.contains("unknown key 'patern' (did you mean 'pattern'?)") == true)
        }
    }

    @Test func unknownValidatorIsReported() throws {
        let files = ["X.yaml": "entity: X_ID\ncategory: secret\npattern: 'X[0-9]+'\nvalidator: lunh\n"]
        try Self.withDirectory(files) { directory in
            let error = #expect(throws: ConfigError.self) { try MaskingHarness.plan(patternDirectories: [directory]) }
            #expect(error?.line == 4)
            #expect(error?.message.contains("unknown validator 'lunh'") == true)
        }
    }

    @Test func userPatternsMaskAndReplaceBuiltins() throws {
        let files = [
            "ORDER.yaml": "entity: ORDER_ID\ncategory: secret\npattern: 'ORD-[0-9]{6}'\nexamples:\n  mask: ['order ORD-123456']\n  keep: ['ORD-12']\n",
            // Same name as a built-in: the user's definition replaces it.
            "EMAIL.yaml": "entity: EMAIL\ncategory: universal\npattern: 'mail:[a-z]+'\n",
        ]
        try Self.withDirectory(files) { directory in
            var request = PlanRequest()
            request.patternDirectories = [directory]
            request.entities = "EMAIL,secret"
            let plan = try PlanLoader.load(request)
            let order = try #require(plan.library.definition(named: "ORDER_ID"))
            #expect(try PatternExamples.check(order).isEmpty)
            let result = try MaskingHarness.run(#"{"m":"ORD-123456 mail:bob bob@example.com"}"# + "\n", plan: plan)
            #expect(result.lines == [#"{"m":"[ORDER_ID] [EMAIL] bob@example.com"}"#])
        }
    }
}
