import Testing

@testable import PIIMaskCore

/// Every input, cut into chunks and reads of 1, 2, 3, 7, 4096 bytes and whole, on one thread and
/// two, must give the output (and the same stats and reported issues) that the whole input gives.
@Suite("Chunk invariance")
struct ChunkInvarianceTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let format: RecordFormat
        /// One or more inputs, read in order.
        let inputs: [String]
        /// The masked output, where the test pins it.
        var expected: String?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "jsonl with PII in nested values", format: .jsonl, inputs: [
            #"{"user":{"email":"ann@example.com","ip":"192.168.1.20"},"n":[1,2.5e3,true,null],"k":"v"}"# + "\n"
                + #"{"items":[{"card":"4111 1111 1111 1111"},"ssn 219-09-9998"], "note" : "none" }"# + "\n",
        ], expected: #"{"user":{"email":"[EMAIL]","ip":"[IP_ADDRESS]"},"n":[1,2.5e3,true,null],"k":"v"}"# + "\n"
            + #"{"items":[{"card":"[CREDIT_CARD]"},"ssn [USA_SSN]"], "note" : "none" }"# + "\n"),
        Case(name: "jsonl escapes", format: .jsonl, inputs: [
            #"{"s":"a\u0040example.com","t":"tab\there \"q\" \u00e9 \ud83d\ude00","u":"x\/y"}"# + "\n",
        ], expected: #"{"s":"[EMAIL]","t":"tab\there \"q\" \u00e9 \ud83d\ude00","u":"x\/y"}"# + "\n"),
        Case(name: "jsonl CRLF", format: .jsonl, inputs: [
            "{\"e\":\"x@y.org\"}\r\n{\"k\":1}\r\n{\"k\": \"2\"}\r\n",
        ], expected: "{\"e\":\"[EMAIL]\"}\r\n{\"k\":1}\r\n{\"k\": \"2\"}\r\n"),
        Case(name: "jsonl empty lines", format: .jsonl, inputs: [
            "\n{\"e\":\"x@y.org\"}\n\n  \n{\"a\":\"b\"}\n\n",
        ], expected: "\n{\"e\":\"[EMAIL]\"}\n\n  \n{\"a\":\"b\"}\n\n"),
        Case(name: "jsonl without final newline", format: .jsonl, inputs: [
            "{\"a\":\"b\"}\n{\"e\":\"x@y.org\"}",
        ], expected: "{\"a\":\"b\"}\n{\"e\":\"[EMAIL]\"}"),
        Case(name: "jsonl invalid lines", format: .jsonl, inputs: [
            "{\"a\":\"b\"}\nnot json x@y.org\n{\"e\":\"q@r.io\"\n{\"ok\":true}\n[1,2,]\n{\"z\":\"219-09-9998\"}",
        ], expected: "{\"a\":\"b\"}\nnot json [EMAIL]\n{\"e\":\"[EMAIL]\"\n{\"ok\":true}\n[1,2,]\n{\"z\":\"[USA_SSN]\"}"),
        Case(name: "jsonl internationalized email and multibyte text", format: .jsonl, inputs: [
            "{\"to\":\"josé.müller@example.com\",\"msg\":\"日本語のテキスト ünïcödé\"}\n",
        ], expected: "{\"to\":\"[EMAIL]\",\"msg\":\"日本語のテキスト ünïcödé\"}\n"),
        Case(name: "jsonl over two inputs, the first without final newline", format: .jsonl, inputs: [
            "{\"e\":\"a@b.io\"}\n{\"x\":1}", "{\"y\":\"c@d.io\"}\nbad\n",
        ], expected: "{\"e\":\"[EMAIL]\"}\n{\"x\":1}\n{\"y\":\"[EMAIL]\"}\nbad\n"),
        Case(name: "jsonl with byte order marks, at each input's start and inside one", format: .jsonl, inputs: [
            "\u{FEFF}{\"e\":\"a@b.io\"}\n{\"x\":1}\n", "\u{FEFF}{\"k\":\"v\"}\n\u{FEFF}{\"z\":\"c@d.io\"}\n",
        ], expected: "\u{FEFF}{\"e\":\"[EMAIL]\"}\n{\"x\":1}\n\u{FEFF}{\"k\":\"v\"}\n\u{FEFF}{\"z\":\"[EMAIL]\"}\n"),
        Case(name: "text", format: .text, inputs: [
            "hello bob@example.com\r\nssn 219-09-9998 and card 4111111111111111\nno pii here\n\nlast 10.0.0.1",
        ], expected: "hello [EMAIL]\r\nssn [USA_SSN] and card [CREDIT_CARD]\nno pii here\n\nlast [IP_ADDRESS]"),
        Case(name: "csv with quoted newlines and CRLF", format: .csv, inputs: [
            "name,email,notes\r\nbob,bob@example.com,\"multi\nline x@y.com\"\r\n\"a \"\"quoted\"\" name\",c@d.org,plain\r\n"
                + "\"x,y\",\"\",\"\r\n\"\r\n",
        ], expected: "name,email,notes\r\nbob,[EMAIL],\"multi\nline [EMAIL]\"\r\n\"a \"\"quoted\"\" name\",[EMAIL],plain\r\n"
            + "\"x,y\",\"\",\"\r\n\"\r\n"),
        Case(name: "csv with bad records", format: .csv, inputs: [
            "a,b\n1,x@y.com\n1,2,3 q@r.io\nab\"c,d\n\"open,5\n4,5\n\"unterminated,z@z.io\n",
        ]),
        Case(name: "csv stray quote, then a quoted field further on", format: .csv, inputs: [
            "a,b\nab\"c,d\n\"open,5\n4,5\n\"x\",y\n1,2\n",
        ]),
        Case(name: "csv stray quote in an unquoted field", format: .csv, inputs: [
            "a,b\n1,5'11\" tall\n2,x@y.com\n3,\"q\nr\"\n\"x\"y,\"a\nb\"\n",
        ]),
        Case(name: "csv without final newline, BOM", format: .csv, inputs: [
            "\u{FEFF}id,mail\n1,\"p@q.de\"\n2,\"no, pii\"",
        ], expected: "\u{FEFF}id,mail\n1,\"[EMAIL]\"\n2,\"no, pii\""),
        Case(name: "csv BOM before a quoted header, in each of two inputs", format: .csv, inputs: [
            "\u{FEFF}\"id\",\"mail\"\r\n\"1\",\"p@q.de\"\r\n", "\u{FEFF}\"n\"\n\"r@s.io\"\n",
        ], expected: "\u{FEFF}\"id\",\"mail\"\r\n\"1\",\"[EMAIL]\"\r\n\u{FEFF}\"n\"\n\"[EMAIL]\"\n"),
        Case(name: "csv over two inputs with their own headers", format: .csv, inputs: [
            "h1,h2\n1,a@b.io\n", "x,y,z\n1,2,c@d.io\n",
        ], expected: "h1,h2\n1,[EMAIL]\nx,y,z\n1,2,[EMAIL]\n"),
        Case(name: "tsv", format: .tsv, inputs: [
            "name\temail\tnote\nann\tann@example.com\t\"a\tb\"\nbo\t-\t219-09-9998\n",
        ], expected: "name\temail\tnote\nann\t[EMAIL]\t\"a\tb\"\nbo\t-\t[USA_SSN]\n"),
    ]

    struct Cutting: Sendable, CustomTestStringConvertible {
        /// nil means the whole input.
        let chunkSize: Int?
        let readSize: Int?
        let threads: Int
        var testDescription: String { "chunk \(chunkSize.map(String.init) ?? "whole"), read \(readSize.map(String.init) ?? "whole"), \(threads) thread(s)" }
    }

    static let cuttings: [Cutting] = {
        let sizes: [Int?] = [1, 2, 3, 7, 4096, nil]
        var result: [Cutting] = []
        for threads in [1, 2] {
            for size in sizes {
                result.append(Cutting(chunkSize: size, readSize: size, threads: threads))
                result.append(Cutting(chunkSize: 4096, readSize: size, threads: threads))
                result.append(Cutting(chunkSize: size, readSize: nil, threads: threads))
            }
        }
        // More workers than chunks in flight most of the time: chunks finish out of order.
        for size in [1, 7] { result.append(Cutting(chunkSize: size, readSize: size, threads: 4)) }
        return result
    }()

    static let engines: [RecordFormat: MaskingEngine] = {
        var engines: [RecordFormat: MaskingEngine] = [:]
        for format in [RecordFormat.jsonl, .text, .csv, .tsv] { engines[format] = try! MaskHarness.engine(format) }
        return engines
    }()

    static func run(_ test: Case, _ cutting: Cutting) throws -> MaskHarness.Run {
        let inputs = test.inputs.map { Array($0.utf8) }
        let whole = max(1, inputs.map(\.count).reduce(0, +))
        return try MaskHarness.run(
            inputs, engine: engines[test.format]!, threads: cutting.threads,
            chunkSize: cutting.chunkSize ?? whole, readSize: cutting.readSize ?? whole)
    }

    @Test("the whole input gives the expected output", arguments: cases.filter { $0.expected != nil })
    func expectedOutput(_ test: Case) throws {
        let run = try Self.run(test, Cutting(chunkSize: nil, readSize: nil, threads: 1))
        #expect(run.text == test.expected)
    }

    @Test("chunked output equals whole output", arguments: cases, cuttings)
    func invariance(_ test: Case, _ cutting: Cutting) throws {
        let reference = try Self.run(test, Cutting(chunkSize: nil, readSize: nil, threads: 1))
        let run = try Self.run(test, cutting)
        #expect(run.text == reference.text)
        #expect(run.output == reference.output)
        #expect(run.issues == reference.issues)
        #expect(run.summary.stats == reference.summary.stats)
    }

    @Test("the same number of records comes out as goes in", arguments: cases)
    func recordCount(_ test: Case) throws {
        let run = try Self.run(test, Cutting(chunkSize: 3, readSize: 2, threads: 2))
        let stats = run.summary.stats
        #expect(stats.recordsIn == stats.recordsOut + stats.malformedDropped + stats.droppedByRule)
        #expect(stats.bytesIn == test.inputs.map(\.utf8.count).reduce(0, +))
        if test.format == .jsonl || test.format == .text {
            // One output line per input line; an input without final newline gets one when another follows.
            let newlines = test.inputs.map { $0.utf8.count(where: { $0 == 0x0A }) }.reduce(0, +)
                + test.inputs.dropLast().count(where: { !$0.isEmpty && $0.utf8.last != 0x0A })
            #expect(run.output.count(where: { $0 == 0x0A }) == newlines)
            #expect(stats.recordsIn == newlines + (test.inputs.last!.utf8.last == 0x0A ? 0 : 1))
        }
    }
}
