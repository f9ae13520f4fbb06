/// Standard base64 (RFC 4648 §4, `+/`, `=` padding) for Firehose record data, without Foundation.
///
/// Decoding is strict about the alphabet (any other byte, whitespace included, makes the record
/// `ProcessingFailed`) and lenient about padding: `=` may be left off, as some producers do, but
/// a length that no encoder can produce (4n + 1) is rejected. Encoding always pads, as Firehose
/// and Python's `base64.b64encode` do.
public enum Base64 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Byte → 6-bit value, or 0xFF for bytes outside the alphabet.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()

    /// The encoded length of `count` bytes.
    public static func encodedCount(_ count: Int) -> Int { (count + 2) / 3 * 4 }

    /// Appends the base64 text of `bytes` to `output`.
    public static func encode(_ bytes: Span<UInt8>, into output: inout [UInt8]) {
        let count = bytes.count
        guard count > 0 else { return }
        let start = output.count
        let length = encodedCount(count)
        output.append(contentsOf: repeatElement(0, count: length))
        output.withUnsafeMutableBufferPointer { out in
            alphabet.withUnsafeBufferPointer { table in
                var o = start
                var i = 0
                // SAFETY: `out` has `length` bytes from `start` (appended above); every index of
                // `table` is a 6-bit value; `i + 2 < count` bounds the three-byte reads.
                while i + 2 < count {
                    let value = UInt32(bytes[unchecked: i]) << 16 | UInt32(bytes[unchecked: i + 1]) << 8 | UInt32(bytes[unchecked: i + 2])
                    out[o] = table[Int(value >> 18)]
                    out[o + 1] = table[Int((value >> 12) & 0x3F)]
                    out[o + 2] = table[Int((value >> 6) & 0x3F)]
                    out[o + 3] = table[Int(value & 0x3F)]
                    i += 3
                    o += 4
                }
                let rest = count - i
                if rest > 0 {
                    let b0 = UInt32(bytes[i])
                    let b1 = rest > 1 ? UInt32(bytes[i + 1]) : 0
                    let value = b0 << 16 | b1 << 8
                    out[o] = table[Int(value >> 18)]
                    out[o + 1] = table[Int((value >> 12) & 0x3F)]
                    out[o + 2] = rest > 1 ? table[Int((value >> 6) & 0x3F)] : UInt8(ascii: "=")
                    out[o + 3] = UInt8(ascii: "=")
                }
            }
        }
    }

    /// The base64 text of `bytes` as a string (for tests and small values).
    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        encode(bytes.span, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes `text` into `output` (replacing its contents). Returns false, leaving `output` in an
    /// unspecified state, when `text` is not base64.
    public static func decode(_ text: Span<UInt8>, into output: inout [UInt8]) -> Bool {
        output.removeAll(keepingCapacity: true)
        var count = text.count
        // Up to two `=` at the end.
        if count > 0 && text[count - 1] == UInt8(ascii: "=") {
            guard count % 4 == 0 else { return false }
            count -= 1
            if text[count - 1] == UInt8(ascii: "=") { count -= 1 }
        }
        guard count % 4 != 1 else { return false }
        let full = count / 4 * 4
        let rest = count - full
        let length = full / 4 * 3 + (rest == 0 ? 0 : rest - 1)
        output.append(contentsOf: repeatElement(0, count: length))
        return values.withUnsafeBufferPointer { table in
            output.withUnsafeMutableBufferPointer { out in
                var i = 0
                var o = 0
                // SAFETY: every index into `table` is a byte (0...255); reads of `text` stay below
                // `full` (then `count`); `out` holds exactly `length` bytes, written once each.
                while i < full {
                    let a = table[Int(text[unchecked: i])], b = table[Int(text[unchecked: i + 1])]
                    let c = table[Int(text[unchecked: i + 2])], d = table[Int(text[unchecked: i + 3])]
                    guard (a | b | c | d) & 0xC0 == 0 else { return false }
                    let value = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                    out[o] = UInt8(truncatingIfNeeded: value >> 16)
                    out[o + 1] = UInt8(truncatingIfNeeded: value >> 8)
                    out[o + 2] = UInt8(truncatingIfNeeded: value)
                    i += 4
                    o += 3
                }
                guard rest >= 2 else { return true }
                let a = table[Int(text[i])], b = table[Int(text[i + 1])]
                let c = rest == 3 ? table[Int(text[i + 2])] : 0
                guard (a | b | c) & 0xC0 == 0 else { return false }
                let value = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6
                out[o] = UInt8(truncatingIfNeeded: value >> 16)
                if rest == 3 { out[o + 1] = UInt8(truncatingIfNeeded: value >> 8) }
                return true
            }
        }
    }
}
