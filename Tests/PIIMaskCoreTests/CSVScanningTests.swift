import Testing

@testable import PIIMaskCore

/// The CSV scanner's fast paths against simple references: the sixteen-byte search that ends an
/// unquoted field, cells that straddle a vector block, and constant field-rule outputs.
@Suite("CSV scanning")
struct CSVScanningTests {
    static let csv = try! MaskHarness.engine(.csv)

    @Test("firstIndex(ofAny:) finds the first stop byte at every position of a block and its tail")
    func firstIndexOfAny() {
        for length in 0...40 {
            for start in 0...min(length, 18) {
                for stop in [UInt8(ascii: ","), 0x22, 0x0A, 0x0D] {
                    for position in start..<max(start, length) {
                        var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: length)
                        bytes[position] = stop
                        let found = ByteSearch.firstIndex(ofAny: UInt8(ascii: ","), 0x22, 0x0A, 0x0D, in: bytes.span, from: start)
                        #expect(found == position, "length \(length), start \(start), stop at \(position)")
                    }
                }
                let plain = [UInt8](repeating: UInt8(ascii: "x"), count: length)
                #expect(ByteSearch.firstIndex(ofAny: UInt8(ascii: ","), 0x22, 0x0A, 0x0D, in: plain.span, from: start) == length)
            }
        }
    }

    @Test("cells of every width around the 16-byte blocks: masked, kept, and CR LF split across blocks")
    func cellsAcrossBlocks() throws {
        for width in 0...40 {
            let filler = String(repeating: "w", count: width)
            let input = "a,b,c\n\(filler),x@y.io,\(filler)\r\n\(filler),\(filler)\r,z\n"
            let expected = "a,b,c\n\(filler),[EMAIL],\(filler)\r\n\(filler),\(filler)\r,z\n"
            for chunk in [1, 7, 4096] {
                let run = try MaskHarness.run(input, engine: Self.csv, chunkSize: chunk, readSize: chunk)
                #expect(run.text == expected, "width \(width), chunks of \(chunk)")
                #expect(run.issues.isEmpty)
            }
        }
    }

    @Test("a quote inside an unquoted cell is an error wherever it falls in a block")
    func strayQuoteAcrossBlocks() throws {
        for position in 0...34 {
            var cell = Array(String(repeating: "w", count: 35).utf8)
            cell[position] = 0x22
            let text = String(decoding: cell, as: UTF8.self)
            let run = try MaskHarness.run("a,b\n1,\(text)\n", engine: Self.csv)
            if position == 0 {
                // An opening quote without its closing one: the record is unterminated.
                #expect(run.issues.count == 1)
            } else {
                #expect(run.issues.map(\.issue.column) == [2 + 1 + position], "quote at \(position)")
            }
        }
    }

    @Test("a masked unquoted cell is quoted when it holds a lone CR or the redaction needs quotes, else written as is")
    func maskedCellQuoting() throws {
        #expect(try MaskHarness.mask("h1,h2\n1,a@b.io\rx\n", Self.csv) == "h1,h2\n1,\"[EMAIL]\rx\"\n")
        #expect(try MaskHarness.mask("h1,h2\n1,mail a@b.io now\n", Self.csv) == "h1,h2\n1,mail [EMAIL] now\n")
        let comma = try MaskHarness.engine(.csv, redactText: "a,b")
        #expect(try MaskHarness.mask("h1,h2\n1,mail a@b.io now\n", comma) == "h1,h2\n1,\"mail a,b now\"\n")
    }

    @Test("constant field-rule outputs keep quoting rules: quoted cells stay quoted, empty ones stay empty")
    func constantRuleOutputs() throws {
        let redact = try MaskingHarness.run(
            "a,b\nplain,1\n\"quoted\",2\n\"\",3\n,4\n\"say \"\"hi\"\"\",5\n",
            rules: MaskingHarness.fieldRule("a", "action: redact\ntext: 'x,y'"), format: .csv)
        #expect(redact.output == "a,b\n\"x,y\",1\n\"x,y\",2\n\"\",3\n,4\n\"x,y\",5\n")
        let plainText = try MaskingHarness.run(
            "a,b\nplain,1\n\"quoted\",2\n", rules: MaskingHarness.fieldRule("a", "action: redact\ntext: R"), format: .csv)
        #expect(plainText.output == "a,b\nR,1\n\"R\",2\n")
        let null = try MaskingHarness.run(
            "a,b\nplain,1\n\"\",2\n,3\n", rules: MaskingHarness.fieldRule("a", #"action: "null""#), format: .csv)
        #expect(null.output == "a,b\n,1\n,2\n,3\n")
    }

    /// The byte-by-byte state machine `recordEnd` replaced, as the reference for its jumps.
    static func referenceRecordEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        enum State { case fieldStart, unquoted, quoted, afterQuote }
        var state = State.fieldStart
        for index in start..<bytes.count {
            let byte = bytes[index]
            switch state {
            case .quoted:
                if byte == 0x22 { state = .afterQuote }
            case .fieldStart, .unquoted, .afterQuote:
                if byte == 0x0A { return index + 1 }
                if byte == 0x2C {
                    state = .fieldStart
                } else if byte == 0x22 && state != .unquoted {
                    state = .quoted
                } else {
                    state = .unquoted
                }
            }
        }
        return nil
    }

    @Test("recordEnd agrees with the byte-by-byte state machine on random quotes, delimiters and line feeds")
    func recordEndMatchesStateMachine() {
        var generator = SeededGenerator(seed: 42)
        let alphabet: [UInt8] = [0x22, 0x22, 0x2C, 0x2C, 0x0A, 0x0D, UInt8(ascii: "a"), UInt8(ascii: "b")]
        for _ in 0..<20_000 {
            let length = Int(generator.next() % 24)
            let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            for start in 0...length {
                #expect(CSVScanning.recordEnd(in: bytes.span, from: start, dialect: .comma) == Self.referenceRecordEnd(bytes, from: start),
                        "\(bytes) from \(start)")
            }
        }
    }
}

