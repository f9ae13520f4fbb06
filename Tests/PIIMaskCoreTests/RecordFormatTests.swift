import Testing

@testable import PIIMaskCore

/// Format detection from the first bytes of the input.
@Suite("Record format detection")
struct RecordFormatTests {
    @Test(arguments: [
        ("{\"a\":1}\n", RecordFormat.jsonl),
        ("\u{FEFF}  \r\n{\"a\":1}", .jsonl),
        ("name\temail\n", .tsv),
        ("id,name,email\n1,ann,a@b.io\n", .csv),
        ("\u{FEFF}id,email\r\n", .csv),
        ("Hello, this is a plain sentence, with commas, and more words than any header has.\n", .text),
        ("2024-01-01 INFO started\n", .text),
        ("", .text),
        ("   \n\n", .text),
    ])
    func detects(_ prefix: String, _ format: RecordFormat) {
        let bytes = Array(prefix.utf8)
        let detected = RecordFormat.detect(from: bytes.span)
        #expect(detected == format)
    }

    /// `[` does not start JSON Lines: log lines often begin with a bracketed timestamp.
    @Test func bracketStartsText() {
        let bytes = Array("[2024-01-01T10:00:00Z] GET /index.html from 10.0.0.1\n".utf8)
        let detected = RecordFormat.detect(from: bytes.span)
        #expect(detected == .text)
    }
}
