/// What the first bytes of an input say about its encoding.
///
/// The UTF-8 mark (`EF BB BF`), which Windows tools (Notepad, PowerShell, Excel's "CSV UTF-8")
/// write, is not content: format detection looks past it, a CSV header keeps it out of the first
/// column's name, and both record loops copy it through before reading the first record (RFC 8259
/// §8.1 lets a JSON parser ignore it).
enum InputEncoding {
    /// 3 when `bytes` starts with a UTF-8 byte order mark, else 0.
    static func utf8MarkLength(at bytes: Span<UInt8>) -> Int {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }
}
