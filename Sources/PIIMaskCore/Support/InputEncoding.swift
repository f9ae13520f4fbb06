/// What the first bytes of an input say about its encoding.
///
/// The UTF-8 mark (`EF BB BF`), which Windows tools (Notepad, PowerShell, Excel's "CSV UTF-8")
/// write, is not content: format detection looks past it, a CSV header keeps it out of the first
/// column's name, and both record loops copy it through before reading the first record (RFC 8259
/// §8.1 lets a JSON parser ignore it).
///
/// A UTF-16 or UTF-32 input is one that no detector can read: every pattern matches UTF-8 bytes,
/// so such a file (Windows PowerShell 5.1 writes UTF-16 on `>`) would pass through with its PII
/// in the clear. The run refuses it instead (`unreadable`), known by its byte order mark or,
/// without one, by the NUL bytes around its first two characters: the pipeline looks at the
/// input's first four bytes however its first chunk is cut (`Job.unreadableEncoding`), and
/// `RecordMasker.mask(chunk:)` at a first chunk's.
enum InputEncoding {
    /// 3 when `bytes` starts with a UTF-8 byte order mark, else 0.
    static func utf8MarkLength(at bytes: Span<UInt8>) -> Int {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    /// An encoding that piimask cannot read, and how it was recognized.
    struct Unreadable: Equatable, CustomStringConvertible {
        /// `UTF-16LE`, `UTF-16BE`, `UTF-32LE` or `UTF-32BE`, as iconv names them.
        let name: String
        /// Whether the input starts with the encoding's byte order mark (else: NUL-padded bytes).
        let byMark: Bool

        /// The encoding and how it was recognized, for messages: `UTF-16LE, not UTF-8 (...)`.
        var description: String {
            "\(name), not UTF-8 (" + (byMark ? "it starts with a \(name) byte order mark)" : "its first characters are padded with NUL bytes)")
        }
    }

    /// How many of an input's first bytes `unreadable` looks at.
    static let probeLength = 4

    /// The encoding of `bytes` when they start as UTF-16 or UTF-32 text does (either byte order):
    /// with its byte order mark, or with two ASCII characters padded with NUL bytes, the test
    /// RFC 4627 §3 gives for JSON, which holds for almost any text. Else nil.
    static func unreadable(at bytes: Span<UInt8>) -> Unreadable? {
        guard bytes.count >= 2 else { return nil }
        switch (bytes[0], bytes[1]) {
        case (0xFF, 0xFE):
            return Unreadable(name: bytes.count >= 4 && bytes[2] == 0 && bytes[3] == 0 ? "UTF-32LE" : "UTF-16LE", byMark: true)
        case (0xFE, 0xFF):
            return Unreadable(name: "UTF-16BE", byMark: true)
        default:
            break
        }
        guard bytes.count >= 4 else { return nil }
        let (b0, b1, b2, b3) = (bytes[0], bytes[1], bytes[2], bytes[3])
        if b0 == 0 && b1 == 0 && b2 == 0xFE && b3 == 0xFF { return Unreadable(name: "UTF-32BE", byMark: true) }
        // Without a mark: two ASCII characters, padded with NUL bytes as each encoding lays them out.
        switch (b0 != 0, b1 != 0, b2 != 0, b3 != 0) {
        case (false, false, false, true) where b3 < 0x80: return Unreadable(name: "UTF-32BE", byMark: false)
        case (true, false, false, false) where b0 < 0x80: return Unreadable(name: "UTF-32LE", byMark: false)
        case (false, true, false, true) where b1 < 0x80 && b3 < 0x80: return Unreadable(name: "UTF-16BE", byMark: false)
        case (true, false, true, false) where b0 < 0x80 && b2 < 0x80: return Unreadable(name: "UTF-16LE", byMark: false)
        default: return nil
        }
    }
}
