import Foundation
import Testing

@testable import PIIMaskCore

/// JSON Lines masking: what is scanned, what is left alone byte for byte, escapes, and bad input.
@Suite("JSON Lines masking")
struct JSONLinesMaskingTests {
    static let engine = try! MaskHarness.engine(.jsonl)

    static func mask(_ input: String) throws -> String { try MaskHarness.mask(input, engine) }

    /// Parses one JSON text with Foundation (fragments allowed).
    static func parse(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    @Test("strings anywhere in the record are masked; keys, numbers, booleans and null are not")
    func nestedValues() throws {
        let input = #"{"a@b.com":{"list":["x@example.org",[{"deep":"call +1 415 555 0132"}]],"n":4111111111111111,"t":true,"f":false,"z":null},"ip":"10.1.2.3"}"# + "\n"
        let output = try Self.mask(input)
        #expect(output == #"{"a@b.com":{"list":["[EMAIL]",[{"deep":"call [PHONE_NUMBER]"}]],"n":4111111111111111,"t":true,"f":false,"z":null},"ip":"[IP_ADDRESS]"}"# + "\n")
    }

    @Test("records without PII come out byte-identical", arguments: [
        #"{ "b" : 1.0e+2 , "a":[ -0.0, 1E-7, 12345678901234567890 ],"c":"\u00e9\n\t\\\"\/","d":{}}"#,
        "{\"k\":\"caf\u{e9} \u{1F600}\"}\t ",
        #"[1,"two",{"three":[null]}]"#,
        #""just a string""#,
        "  {\"z\":1,\"a\":2}  ",
        #"{"dup":1,"dup":2}"#,
        #"{"num":"0123456789"}"#,
    ])
    func unchangedRecords(_ record: String) throws {
        for ending in ["\n", "\r\n", ""] {
            #expect(try Self.mask(record + ending) == record + ending)
        }
    }

    @Test("PII written with escapes is masked and the output stays valid JSON", arguments: [
        (#"{"e":"a\u0040example.com"}"#, "[EMAIL]"),
        (#"{"e":"\u0061\u0040\u0062.com"}"#, "[EMAIL]"),
        (#"{"e":"mail: jos\u00e9@example.com\n"}"#, "mail: [EMAIL]\n"),
        (#"{"e":"say \"a@example.com\""}"#, "say \"[EMAIL]\""),
        (#"{"e":"ip\t192.168.0.1\\"}"#, "ip\t[IP_ADDRESS]\\"),
    ])
    func escapedPII(_ input: String, _ expected: String) throws {
        let output = try Self.mask(input + "\n")
        let object = try #require(try Self.parse(output) as? [String: Any])
        #expect(object["e"] as? String == expected)
        #expect(!output.contains("@example"))
    }

    @Test("replacements are escaped when they need it")
    func replacementEscaping() throws {
        for redact in [#"<"quoted">"#, #"back\slash"#, "tab\there", "new\nline"] {
            let engine = try MaskHarness.engine(.jsonl, redactText: redact)
            let output = try MaskHarness.mask(#"{"e":"to a@b.com now","k":1}"# + "\n", engine)
            #expect(output.utf8.count(where: { $0 == 0x0A }) == 1, "a newline in the replacement must not split the record")
            let object = try #require(try Self.parse(output) as? [String: Any])
            #expect(object["e"] as? String == "to \(redact) now")
        }
    }

    @Test("internationalized emails are masked whole")
    func internationalizedEmail() throws {
        #expect(try Self.mask(#"{"to":"josé.müller@example.com"}"# + "\n") == #"{"to":"[EMAIL]"}"# + "\n")
        #expect(try Self.mask(#"{"to":"Ping: Ünïcødé.ßtraße@bücher.example"}"# + "\n") == #"{"to":"Ping: [EMAIL]"}"# + "\n")
    }

    @Test("an invalid record is masked as text with every active detector under --on-error mask")
    func invalidMasked() throws {
        let input = "{\"ok\":\"x@y.com\"}\n{\"bad\": 219-09-9998, a@b.com 10.1.2.3\n{\"ok\":1}\n"
        let run = try MaskHarness.run(input, engine: Self.engine)
        #expect(run.text == "{\"ok\":\"[EMAIL]\"}\n{\"bad\": [USA_SSN], [EMAIL] [IP_ADDRESS]\n{\"ok\":1}\n")
        #expect(run.issues.count == 1)
        #expect(run.issues.first?.issue.record == 2)
        #expect(run.issues.first?.issue.line == 2)
        #expect(run.summary.stats.malformedMasked == 1)
        #expect(run.summary.stats.recordsOut == 3)
        // "Every" means every detector the run uses: --entities EMAIL leaves the number alone.
        let emailOnly = try MaskHarness.engine(.jsonl, entities: "EMAIL")
        #expect(try MaskHarness.mask(input, emailOnly) == "{\"ok\":\"[EMAIL]\"}\n{\"bad\": 219-09-9998, [EMAIL] 10.1.2.3\n{\"ok\":1}\n")
    }

    /// The detectors that mask an invalid record are the default set itself, compiled once, when
    /// it already holds every type the run uses and the library's default selection; otherwise a
    /// set with all of them, so that an invalid record is searched for every type.
    @Test func invalidRecordsUseTheDefaultSetWhenItHoldsEveryType() throws {
        #expect(Self.engine.fallbackSet == 0)
        #expect(Self.engine.detectorSets.count == 1)
        let allAndARule = try MaskingHarness.run("{}\n", rules: "version: 1\nfields:\n  - {select: a, action: redact}\n", entities: "all")
        #expect(allAndARule.engine.fallbackSet == 0)

        // IBAN is not in the default selection: a rule detects it under one field.
        let rules = """
            version: 1
            detect:
              entities: [EMAIL]
            fields:
              - select: bank.iban
                detect: [IBAN]
            """
        let input = #"{"bank":{"iban":"DE89370400440532013000"},"m":"a@b.com DE89370400440532013000"}"# + "\n"
            + #"{"m":"a@b.com DE89370400440532013000" "# + "\n"
        let result = try MaskingHarness.run(input, rules: rules)
        #expect(result.engine.detectorSets.count == 3)
        #expect(result.engine.fallbackSet == 2)
        // A valid record: the IBAN is found under its field only; an invalid one: everywhere.
        #expect(result.lines == [#"{"bank":{"iban":"[IBAN]"},"m":"[EMAIL] DE89370400440532013000"}"#, #"{"m":"[EMAIL] [IBAN]" "#])
    }

    /// Regression: a run with field rules only (`entities: []`) had no detector to mask an invalid
    /// record with, so the record, PII and all, went out as it came in.
    @Test func regressionInvalidRecordUnderFieldRulesOnlyPassedThroughUnmasked() throws {
        let rules = """
            version: 1
            detect:
              entities: []
            fields:
              - {select: user.email, action: redact}
            """
        let input = "{\"user\":{\"email\":\"a@example.com\"},\"msg\":\"call 202-555-0143\", \"t\": tru}\n"
        let result = try MaskingHarness.run(input, rules: rules)
        #expect(result.output == "{\"user\":{\"email\":\"[EMAIL]\"},\"msg\":\"call [PHONE_NUMBER]\", \"t\": tru}\n")
        #expect(result.summary.stats.malformedMasked == 1)
        // A valid record is still masked by its rules alone.
        let valid = try MaskingHarness.run("{\"user\":{\"email\":\"a@example.com\"},\"msg\":\"call 202-555-0143\"}\n", rules: rules)
        #expect(valid.output == "{\"user\":{\"email\":\"[REDACTED]\"},\"msg\":\"call 202-555-0143\"}\n")
    }

    /// Regression: an invalid JSON record was masked as raw text, so PII written with escapes
    /// (`a\u0040example.com`), which a valid record has masked, came out in the clear.
    @Test func regressionEscapedPIIInInvalidJSONRecordLeftUnmasked() throws {
        let input = #"{"e":"a\u0040example.com",}"# + "\n" + #"{"k":"x\\u0040example.com \u00e9" "# + "\n"
            + #"{"q":"\u0022\ud83d\ude00\u000a", "ip":"10\u002e0.0.1"]"# + "\n"
        let run = try MaskHarness.run(input, engine: Self.engine)
        #expect(run.text == #"{"e":"[EMAIL]",}"# + "\n" + #"{"k":"x\\u0040example.com \u00e9" "# + "\n"
            + #"{"q":"\u0022😀\u000a", "ip":"[IP_ADDRESS]"]"# + "\n")
        #expect(run.issues.count == 3)
        #expect(run.output.count(where: { $0 == 0x0A }) == 3)
    }

    @Test("an invalid record is left out under --on-error drop")
    func invalidDropped() throws {
        let engine = try MaskHarness.engine(.jsonl, onError: .drop)
        let run = try MaskHarness.run("{\"a\":1}\r\nnope a@b.com\r\n{\"b\":2}\n[}\n", engine: engine)
        #expect(run.text == "{\"a\":1}\r\n{\"b\":2}\n")
        #expect(run.issues.map(\.issue.line) == [2, 4])
        #expect(run.summary.stats.malformedDropped == 2)
        #expect(run.summary.stats.recordsIn == 4)
        #expect(run.summary.stats.recordsOut == 2)
    }

    @Test("an invalid record stops the run under --on-error fail, with its line", arguments: [1, 2])
    func invalidFails(threads: Int) throws {
        let engine = try MaskHarness.engine(.jsonl, onError: .fail)
        let input = "{\"a\":\"x@y.com\"}\n\n{\"b\":2}\n{\"c\":tru}\n{\"d\":4}\n"
        for chunk in [3, 1 << 16] {
            let run = try MaskHarness.run(input, engine: engine, threads: threads, chunkSize: chunk, readSize: chunk)
            let fatal = try #require(run.summary.fatal)
            #expect(fatal.issue.line == 4)
            #expect(fatal.issue.record == 4)
            #expect(fatal.source == "in0")
            #expect(fatal.issue.message.contains("invalid JSON"))
            #expect(run.text == "{\"a\":\"[EMAIL]\"}\n\n{\"b\":2}\n")
        }
        var masker = RecordMasker(engine: engine)
        var output: [UInt8] = []
        let bytes = Array(input.utf8)
        var copied = PassThrough(isEnabled: false)
        let outcome = masker.maskLines(bytes.span, startsFile: true, into: &output, passing: &copied)
        #expect(outcome.fatal?.line == 4)
        #expect(outcome.fatal?.column == 6)  // the `t` of `tru`
    }

    @Test("a byte order mark before an input's first record is copied and the record parsed after it")
    func byteOrderMark() throws {
        let bom = "\u{FEFF}"
        // Masked, unchanged, and over two inputs: each input's mark stays where it was.
        let run = try MaskHarness.run([
            Array((bom + #"{"e":"a@b.io","n":1}"# + "\n" + #"{"k":"v"}"# + "\n").utf8),
            Array((bom + #"{"k":"w"}"# + "\n").utf8),
        ], engine: Self.engine)
        #expect(run.text == bom + #"{"e":"[EMAIL]","n":1}"# + "\n" + #"{"k":"v"}"# + "\n" + bom + #"{"k":"w"}"# + "\n")
        #expect(run.issues.isEmpty)
        // Under field rules (the other record loop) too.
        let rules = """
            version: 1
            fields:
              - {select: user.name, action: redact}
            """
        let ruled = try MaskingHarness.run(bom + #"{"user":{"name":"Ann Lee"},"m":"c@d.org"}"# + "\n", rules: rules)
        #expect(ruled.output == bom + #"{"user":{"name":"[REDACTED]"},"m":"[EMAIL]"}"# + "\n")
        #expect(ruled.summary.stats.malformedMasked == 0)
    }

    @Test("a byte order mark anywhere but an input's start is invalid JSON; columns count its bytes")
    func byteOrderMarkElsewhere() throws {
        let bom = "\u{FEFF}"
        let run = try MaskHarness.run(#"{"k":1}"# + "\n" + bom + #"{"e":"a@b.io"}"# + "\n" + bom + #"{"k":}"# + "\n", engine: Self.engine)
        #expect(run.text == #"{"k":1}"# + "\n" + bom + #"{"e":"[EMAIL]"}"# + "\n" + bom + #"{"k":}"# + "\n")
        #expect(run.issues.map(\.issue.line) == [2, 3])
        let failing = try MaskHarness.engine(.jsonl, onError: .fail)
        let first = try MaskHarness.run(bom + #"{"k":}"# + "\n", engine: failing)
        #expect(first.summary.fatal?.issue.line == 1)
        #expect(first.summary.fatal?.issue.column == 9)  // the `}`: three bytes of mark, then `{"k":`
    }

    @Test("NUL bytes and invalid UTF-8 are preserved")
    func binaryBytes() throws {
        let input: [UInt8] = Array(#"{"a":"x"#.utf8) + [0xFF, 0xFE, 0xC3] + Array(#" a@b.com"}"#.utf8) + [0x0A]
            + [0x00, 0x01, 0x80, 0x0A] + Array(#"{"b":"caf"#.utf8) + [0xE9] + Array(#""}"#.utf8)
        let run = try MaskHarness.run([input], engine: Self.engine, chunkSize: 2, readSize: 1)
        let expected: [UInt8] = Array(#"{"a":"x"#.utf8) + [0xFF, 0xFE, 0xC3] + Array(#" [EMAIL]"}"#.utf8) + [0x0A]
            + [0x00, 0x01, 0x80, 0x0A] + Array(#"{"b":"caf"#.utf8) + [0xE9] + Array(#""}"#.utf8)
        #expect(run.output == expected)
        #expect(run.summary.stats.recordsIn == 3)
        #expect(run.summary.stats.recordsOut == 3)
        #expect(run.issues.map(\.issue.line) == [2])
    }

    @Test("the same number of records comes out as goes in")
    func recordCount() throws {
        var generator = SeededGenerator(seed: 7)
        var lines: [String] = []
        for index in 0..<2_000 {
            switch Int.random(in: 0..<5, using: &generator) {
            case 0: lines.append(#"{"i":\#(index),"mail":"user\#(index)@example.com"}"#)
            case 1: lines.append("")
            case 2: lines.append("broken \(index) {")
            case 3: lines.append(#"{"i":\#(index),"nested":{"a":[1,2,{"ip":"10.0.\#(index % 256).1"}]}}"#)
            default: lines.append(#"{"i":\#(index)}"#)
            }
        }
        let input = lines.joined(separator: "\n") + "\n"
        let run = try MaskHarness.run(input, engine: Self.engine, threads: 2, chunkSize: 4096, readSize: 1000)
        #expect(run.output.count(where: { $0 == 0x0A }) == lines.count)
        #expect(run.summary.stats.recordsIn == lines.count)
        #expect(run.summary.stats.recordsOut == lines.count)
        #expect(!run.text.contains("@example.com"))
        #expect(run.issues.count == lines.count(where: { $0.hasPrefix("broken") }))
        for (number, line) in lines.enumerated() where line.hasPrefix("broken") {
            #expect(run.issues.contains { $0.issue.line == number + 1 }, "line \(number + 1) not reported")
        }
    }

    // MARK: - --max-record-bytes

    /// A 1 MB JSON record whose PII sits on either side of every 1000th byte, so that some lies
    /// across wherever the reader cuts it.
    static func hugeRecord() -> (record: String, emails: Int) {
        var record = #"{"blob":""#
        var emails = 0
        while record.utf8.count < 1_000_000 {
            let pad = String(repeating: "x", count: 985 - record.utf8.count % 1000)
            record += pad + " a\(emails)@example.com "
            emails += 1
        }
        record += #""}"#
        return (record, emails)
    }

    @Test("a record longer than --max-record-bytes is masked, reported once, and other records are unaffected",
          arguments: [(1, 1 << 20), (2, 1 << 20), (1, 64 << 10), (2, 4096)])
    func oversizedRecordMasked(threads: Int, chunkSize: Int) throws {
        let engine = try MaskHarness.engine(.jsonl) { $0.maxRecordBytes = 200_000 }
        let (record, emails) = Self.hugeRecord()
        let input = "{\"before\":\"b@example.com\"}\n" + record + "\n{\"after\":\"c@example.com\"}\n"
        let run = try MaskHarness.run(input, engine: engine, threads: threads, chunkSize: chunkSize, readSize: 50_000)
        let lines = run.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4)
        #expect(lines.first == #"{"before":"[EMAIL]"}"#)
        #expect(lines.dropFirst(2).first == #"{"after":"[EMAIL]"}"#)
        #expect(!run.text.contains("@example.com"), "PII left in the oversized record")
        #expect(run.text.components(separatedBy: "[EMAIL]").count - 1 == emails + 2)
        #expect(run.issues.count == 1)
        #expect(run.issues.first?.issue.line == 2)
        #expect(run.issues.first?.issue.record == 2)
        #expect(run.issues.first?.issue.message.contains("--max-record-bytes") == true)
        #expect(run.summary.stats.recordsIn == 3)
        #expect(run.summary.stats.recordsOut == 3)
        #expect(run.summary.stats.malformedMasked == 1)
    }

    /// Regression: a record over --max-record-bytes but shorter than the reader's chunk was masked
    /// as JSON and never reported (the limit only applied to records that overflowed a buffer).
    @Test(arguments: [RecordFormat.jsonl, .text, .csv])
    func regressionMaxRecordBytesIgnoredWhenRecordFitsInChunk(format: RecordFormat) throws {
        let engine = try MaskHarness.engine(format) { $0.maxRecordBytes = 2048 }
        let long = "\"" + String(repeating: "z", count: 3000) + " q@example.com\""
        let input = format == .csv ? "h\n\"a@b.io\"\n" + long + "\n" : "{\"a\":\"a@b.io\"}\n{\"v\":" + long + "}\n"
        let run = try MaskHarness.run(input, engine: engine)
        #expect(run.issues.map(\.issue.line) == [format == .csv ? 3 : 2])
        #expect(run.issues.first?.issue.message.contains("--max-record-bytes") == true)
        #expect(!run.text.contains("@example.com"))
        #expect(run.summary.stats.recordsOut == run.summary.stats.recordsIn)
    }

    /// Regression: resolving overlaps between matches compared every match with every kept one,
    /// so a long value with tens of thousands of matches took minutes (now per run of overlaps).
    @Test func regressionManyMatchesInOneValueTookQuadraticTime() throws {
        var value = ""
        for index in 0..<30_000 { value += "u\(index)@example.com 10.\(index % 200).0.\(index % 250) " }
        let run = try MaskHarness.run("{\"v\":\"" + value + "\"}\n", engine: Self.engine)
        let expected = String(repeating: "[EMAIL] [IP_ADDRESS] ", count: 30_000)
        #expect(run.text == "{\"v\":\"" + expected + "\"}\n")
        #expect(run.summary.stats.totalMatches == 60_000)
    }

    @Test("an oversized record is dropped whole under --on-error drop, and fails the run under fail")
    func oversizedRecordPolicies() throws {
        let (record, _) = Self.hugeRecord()
        let input = "{\"a\":1}\n" + record + "\n{\"b\":2}\n"
        let drop = try MaskHarness.engine(.jsonl, onError: .drop) { $0.maxRecordBytes = 200_000 }
        let dropped = try MaskHarness.run(input, engine: drop, chunkSize: 64 << 10)
        #expect(dropped.text == "{\"a\":1}\n{\"b\":2}\n")
        #expect(dropped.issues.count == 1)
        let fail = try MaskHarness.engine(.jsonl, onError: .fail) { $0.maxRecordBytes = 200_000 }
        let failed = try MaskHarness.run(input, engine: fail, chunkSize: 64 << 10)
        #expect(failed.summary.fatal?.issue.line == 2)
        #expect(failed.text == "{\"a\":1}\n")
    }

    @Test("reading an oversized record keeps buffers bounded")
    func oversizedRecordMemory() throws {
        let engine = try MaskHarness.engine(.jsonl) { $0.maxRecordBytes = 200_000 }
        let record = Array(repeating: UInt8(ascii: "y"), count: 5_000_000) + [0x0A]
        var jobs: [Job] = []
        var reader = ChunkReader(engine: engine, settings: PipelineSettings(threads: 1, chunkSize: 64 << 10),
                                 inputs: [InputSource(name: "big", bytes: record, readSize: 100_000)]) {
            let job = Job(capacity: 64 << 10)
            jobs.append(job)
            return job
        }
        var largest = 0
        var pieces = 0
        var total = 0
        while let job = try reader.next() {
            largest = max(largest, job.input.count)
            pieces += 1
            total += job.count
            jobs.removeAll { $0 === job }
        }
        #expect(total == record.count)
        #expect(pieces > 10)
        #expect(largest <= 2 * 200_000, "a job buffer grew to \(largest) bytes")
    }
}
