import Foundation
import Testing

@testable import PIIMaskCore

/// An input in UTF-16 or UTF-32 (known by its byte order mark, or by NUL bytes around its first
/// characters) stops the run at its first record, in every format and under every error policy:
/// its PII is not UTF-8, so no detector would find it.
@Suite("Unreadable encodings")
struct UnreadableEncodingTests {
    static let marks: [(name: String, bytes: [UInt8], encoding: String.Encoding)] = [
        ("UTF-16LE", [0xFF, 0xFE], .utf16LittleEndian), ("UTF-16BE", [0xFE, 0xFF], .utf16BigEndian),
        ("UTF-32LE", [0xFF, 0xFE, 0x00, 0x00], .utf32LittleEndian), ("UTF-32BE", [0x00, 0x00, 0xFE, 0xFF], .utf32BigEndian),
    ]

    /// `text` in the named encoding (Foundation's encoder), after its byte order mark.
    static func encode(_ text: String, as name: String) -> [UInt8] {
        let mark = marks.first { $0.name == name }!
        return mark.bytes + Array(text.data(using: mark.encoding)!)
    }

    @Test("each mark is named; so is UTF-16 or UTF-32 text without one; UTF-8 is readable")
    func names() {
        for mark in Self.marks {
            #expect(InputEncoding.unreadable(at: (mark.bytes + [0x41, 0x00, 0x00, 0x00]).span) == .init(name: mark.name, byMark: true))
            let unmarked = Array(Self.encode("{\"a\":1}", as: mark.name).dropFirst(mark.bytes.count))
            #expect(InputEncoding.unreadable(at: unmarked.span) == .init(name: mark.name, byMark: false))
        }
        let readable: [[UInt8]] = [
            [0xEF, 0xBB, 0xBF, 0x7B], [0x7B], [], [0xFF], [0xFE, 0xFE], Array("{\"a\"".utf8), Array("ab\u{0}\u{0}".utf8),
            [0x41, 0x00, 0xC3, 0x00], [0x00, 0x00, 0x00, 0x00], [0x00, 0x41, 0x42, 0x00],
        ]
        for bytes in readable {
            #expect(InputEncoding.unreadable(at: bytes.span) == nil, "\(bytes)")
        }
        #expect(InputEncoding.utf8MarkLength(at: [0xEF, 0xBB, 0xBF].span) == 3)
        #expect(InputEncoding.utf8MarkLength(at: [0xEF, 0xBB].span) == 0)
    }

    @Test("the run stops at the input's first record, whatever the format and policy",
          arguments: [RecordFormat.jsonl, .text, .csv], [ErrorPolicy.mask, .drop, .fail])
    func refused(format: RecordFormat, policy: ErrorPolicy) throws {
        let engine = try MaskHarness.engine(format, onError: policy)
        let readable = format == .csv ? "mail\na@b.io\n" : "{\"m\":\"a@b.io\"}\n"
        for mark in Self.marks {
            let encoded = Self.encode(format == .csv ? "mail\nc@d.io\n" : "{\"m\":\"c@d.io\"}\n", as: mark.name)
            // With its byte order mark and without, whole and in small chunks.
            let unmarked = Array(encoded.dropFirst(mark.bytes.count))
            for (unreadable, chunk) in [(encoded, 3), (encoded, 1 << 16), (unmarked, 3), (unmarked, 1 << 16)] {
                let run = try MaskHarness.run([Array(readable.utf8), unreadable], engine: engine, threads: 2, chunkSize: chunk, readSize: chunk)
                let fatal = try #require(run.summary.fatal)
                #expect(fatal.source == "in1")
                #expect(fatal.issue.line == 1)
                #expect(fatal.issue.message.hasPrefix("the input is \(mark.name), not UTF-8"))
                // The readable input before it is masked; nothing of the unreadable one comes out.
                #expect(run.text == (format == .csv ? "mail\n[EMAIL]\n" : "{\"m\":\"[EMAIL]\"}\n"))
            }
        }
    }

    /// Found by `make fuzz`: the check read the first chunk only, and a first record shorter than
    /// the four bytes it needs (an empty line: `0A 00 00 00` in UTF-32LE) let the input through
    /// when the chunk was cut right after it.
    @Test("an input is refused however it is read, even when its first record is shorter than four bytes",
          arguments: [RecordFormat.jsonl, .text])
    func shortFirstRecord(format: RecordFormat) throws {
        let engine = try MaskHarness.engine(format)
        for mark in Self.marks {
            let unmarked = Array(Self.encode("\n{\"m\":\"c@d.io\"}\n", as: mark.name).dropFirst(mark.bytes.count))
            for (readSize, chunk) in [(1, 1), (2, 2), (1, 3), (3, 7), (1 << 16, 1 << 20)] {
                let run = try MaskHarness.run([unmarked], engine: engine, chunkSize: chunk, readSize: readSize)
                let fatal = try #require(run.summary.fatal, "\(mark.name), reads of \(readSize), chunks of \(chunk)")
                #expect(fatal.issue.message.hasPrefix("the input is \(mark.name), not UTF-8"))
                #expect(run.output.isEmpty, "\(mark.name), reads of \(readSize), chunks of \(chunk)")
            }
        }
    }

    @Test("a first record longer than --max-record-bytes is refused too, not masked in pieces as text")
    func oversizedFirstRecord() throws {
        let engine = try MaskHarness.engine(.text) { $0.maxRecordBytes = 1024 }
        let line = String(repeating: "mail ann@example.com ", count: 20_000)
        let run = try MaskHarness.run([Self.encode(line, as: "UTF-16LE")], engine: engine, chunkSize: 1 << 16)
        let fatal = try #require(run.summary.fatal)
        #expect(fatal.issue.message.hasPrefix("the input is UTF-16LE, not UTF-8"))
        #expect(run.output.isEmpty)
    }
}
