import Foundation
import Testing

@testable import PIIMaskCore

/// Every parsing case of the JSONTestSuite (Fixtures/JSONTestSuite, MIT, see its LICENSE) fed to the
/// JSON masker as one record: `y_` accepted and copied unchanged, `n_` rejected, `i_` either, but
/// without crashing or hanging.
@Suite("JSONTestSuite")
struct JSONTestSuiteTests {
    static let engine = try! MaskHarness.engine(.jsonl)
    static let names = Fixtures.files(in: "JSONTestSuite/test_parsing", extension: "json").map(\.lastPathComponent)

    static func verdict(_ name: String) -> (JSONRecordOutcome, input: [UInt8], output: [UInt8]) {
        let input = try! Fixtures.bytes(Fixtures.url("JSONTestSuite/test_parsing/\(name)"))
        var masker = RecordMasker(engine: engine)
        var output: [UInt8] = []
        let outcome = masker.maskJSONRecord(input.span, into: &output)
        return (outcome, input, output)
    }

    @Test func fixturesArePresent() {
        #expect(Self.names.count == 318)
        #expect(Self.names.filter { $0.hasPrefix("y_") }.count == 95)
        #expect(Self.names.filter { $0.hasPrefix("n_") }.count == 188)
        #expect(FileManager.default.fileExists(atPath: Fixtures.url("JSONTestSuite/LICENSE").path))
    }

    @Test("y_ files are accepted and come out byte-identical", arguments: names.filter { $0.hasPrefix("y_") })
    func accepted(_ name: String) {
        let (outcome, input, output) = Self.verdict(name)
        #expect(outcome == .masked, "\(name) rejected: \(outcome)")
        #expect(output == input, "\(name) changed")
    }

    @Test("n_ files are rejected", arguments: names.filter { $0.hasPrefix("n_") })
    func rejected(_ name: String) {
        let (outcome, _, _) = Self.verdict(name)
        guard case .invalid(let error) = outcome else {
            Issue.record("\(name) accepted")
            return
        }
        #expect(!error.message.isEmpty)
    }

    @Test("i_ files neither crash nor hang; accepted ones are unchanged", arguments: names.filter { $0.hasPrefix("i_") })
    func implementationDefined(_ name: String) {
        let (outcome, input, output) = Self.verdict(name)
        if outcome == .masked { #expect(output == input, "\(name) changed") }
    }
}
