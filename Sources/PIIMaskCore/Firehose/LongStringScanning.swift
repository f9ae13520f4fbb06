/// `JSONScanning.scanString` for the long strings of a Firehose event (the base64 payloads, about
/// 1.4 MB of a 1 MiB event): the bytes up to the first quote, backslash or control character are
/// skipped sixteen at a time with vector compares (SSE2 / NEON through `SIMD16`), about four times
/// fewer instructions than eight-byte SWAR. A string with a backslash or a control character is
/// rare (`\/` from some JSON encoders) and is scanned again by `JSONScanning`, which knows escapes
/// and errors.
enum LongStringScanning {
    /// Scans the string whose opening quote is at `start`, with the results of
    /// `JSONScanning.scanString`.
    static func scanString(_ bytes: Span<UInt8>, at start: Int) -> JSONScanning.StringScan {
        let special = firstSpecial(in: bytes, from: start + 1)
        guard special < bytes.count, bytes[special] == UInt8(ascii: "\"") else {
            return JSONScanning.scanString(bytes, at: start)
        }
        return .string(content: (start + 1)..<special, escaped: false, end: special + 1)
    }

    /// The index of the first quote, backslash or byte below 0x20 in `bytes[from...]`, or
    /// `bytes.count`.
    static func firstSpecial(in bytes: Span<UInt8>, from start: Int) -> Int {
        let count = bytes.count
        var index = start
        let quote = SIMD16<UInt8>(repeating: 0x22)
        let backslash = SIMD16<UInt8>(repeating: 0x5C)
        let space = SIMD16<UInt8>(repeating: 0x20)
        bytes.withUnsafeBytes { raw in
            // SAFETY: every load reads 16 bytes at `index` with `index + 16 <= count`.
            while index + 16 <= count {
                let chunk = raw.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
                if any((chunk .== quote) .| (chunk .== backslash) .| (chunk .< space)) { break }
                index += 16
            }
        }
        while index < count {
            let byte = bytes[index]
            if byte == 0x22 || byte == 0x5C || byte < 0x20 { return index }
            index += 1
        }
        return count
    }
}
