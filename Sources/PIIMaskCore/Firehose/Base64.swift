// Why this file is built this way
//
// A 1 MiB Firehose event is 1.4 MB of base64 in and about as much out, so both directions are
// on the per-event path. Both work a word at a time through precomputed tables:
//
// - Decoding reads four characters and ORs four 256-entry tables, each holding its character's
//   six bits already placed in the little-endian word of the three output bytes; one 32-bit store
//   writes them (its fourth byte is overwritten by the next group). Every table maps a byte outside
//   the alphabet to a value with bit 24 set, so one test per group checks all four characters.
// - Encoding reads three bytes as 24 bits and looks up two 12-bit halves in a 4,096-entry table of
//   character pairs; one 32-bit store writes the four characters.
//
// The tails (the last group, padding) go byte by byte, exactly as before. The tests compare both
// directions with Foundation on random inputs of every length up to 300, and invalid inputs.

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

    /// Set in a decoding-table entry for a byte outside the alphabet.
    private static let invalid: UInt32 = 0x0100_0000

    /// The decoding tables of the four positions of a group, one after the other (4 × 256): entry
    /// `position * 256 + byte` is the byte's six bits in the little-endian word of the group's
    /// three output bytes, or `invalid`.
    private static let placed: [UInt32] = {
        var table = [UInt32](repeating: invalid, count: 4 * 256)
        for (index, byte) in alphabet.enumerated() {
            let v = UInt32(index)
            table[Int(byte)] = v << 2                                       // byte 0, bits 7-2
            table[256 + Int(byte)] = v >> 4 | (v & 0x0F) << 12              // byte 0 bits 1-0, byte 1 bits 7-4
            table[512 + Int(byte)] = (v >> 2) << 8 | (v & 0x03) << 22       // byte 1 bits 3-0, byte 2 bits 7-6
            table[768 + Int(byte)] = v << 16                                // byte 2, bits 5-0
        }
        return table
    }()

    /// 12 bits → their two characters, the first in the low byte.
    private static let pairs: [UInt16] = (0..<4096).map { bits in
        UInt16(alphabet[bits >> 6]) | UInt16(alphabet[bits & 0x3F]) << 8
    }

    /// The encoded length of `count` bytes.
    public static func encodedCount(_ count: Int) -> Int { (count + 2) / 3 * 4 }

    /// Appends the base64 text of `bytes` to `output`.
    public static func encode(_ bytes: Span<UInt8>, into output: inout [UInt8]) {
        let count = bytes.count
        guard count > 0 else { return }
        let length = encodedCount(count)
        let full = count / 3 * 3
        output.append(addingCapacity: length) { span in
            span.withUnsafeMutableBufferPointer { out, initialized in
                pairs.withUnsafeBufferPointer { table in
                    bytes.withUnsafeBytes { input in
                        // SAFETY: `out` has room for `length` bytes and every store lies below that
                        // (`o` is `i / 3 * 4`); 8-byte loads need `i + 8 <= count`, 3-byte reads
                        // stay below `full`; table indices are 12-bit values.
                        let out = UnsafeMutableRawBufferPointer(out)
                        var o = 0
                        var i = 0
                        // Six bytes to eight characters, read as one big-endian word.
                        while i + 8 <= count {
                            let bits = UInt64(bigEndian: input.loadUnaligned(fromByteOffset: i, as: UInt64.self)) >> 16
                            let word = UInt64(table[Int(truncatingIfNeeded: bits >> 36)])
                                | UInt64(table[Int(truncatingIfNeeded: bits >> 24) & 0xFFF]) << 16
                                | UInt64(table[Int(truncatingIfNeeded: bits >> 12) & 0xFFF]) << 32
                                | UInt64(table[Int(truncatingIfNeeded: bits) & 0xFFF]) << 48
                            out.storeBytes(of: word.littleEndian, toByteOffset: o, as: UInt64.self)
                            i += 6
                            o += 8
                        }
                        while i < full {
                            let bits = Int(input[i]) << 16 | Int(input[i + 1]) << 8 | Int(input[i + 2])
                            let word = UInt32(table[bits >> 12]) | UInt32(table[bits & 0xFFF]) << 16
                            out.storeBytes(of: word.littleEndian, toByteOffset: o, as: UInt32.self)
                            i += 3
                            o += 4
                        }
                        let rest = count - i
                        if rest > 0 {
                            let b0 = UInt32(input[i])
                            let b1 = rest > 1 ? UInt32(input[i + 1]) : 0
                            let value = b0 << 16 | b1 << 8
                            out[o] = alphabet[Int(value >> 18)]
                            out[o + 1] = alphabet[Int((value >> 12) & 0x3F)]
                            out[o + 2] = rest > 1 ? alphabet[Int((value >> 6) & 0x3F)] : UInt8(ascii: "=")
                            out[o + 3] = UInt8(ascii: "=")
                        }
                    }
                }
                initialized = length
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
        var valid = false
        // One spare byte for the last group's 4-byte store, not counted.
        output.append(addingCapacity: length + 1) { span in
            span.withUnsafeMutableBufferPointer { out, initialized in
                placed.withUnsafeBufferPointer { table in
                    text.withUnsafeBufferPointer { input in
                        // SAFETY: table indices are a byte plus a multiple of 256 below 1,024; reads
                        // of `input` stay below `full` (then `count`); each 4-byte store at `o` lies
                        // within the `length + 1` bytes of `out`, as `o + 3 <= length` for every
                        // full group.
                        let out = UnsafeMutableRawBufferPointer(out)
                        var i = 0
                        var o = 0
                        while i < full {
                            let word = table[Int(input[i])] | table[256 + Int(input[i + 1])]
                                | table[512 + Int(input[i + 2])] | table[768 + Int(input[i + 3])]
                            guard word & invalid == 0 else { return }
                            out.storeBytes(of: word.littleEndian, toByteOffset: o, as: UInt32.self)
                            i += 4
                            o += 3
                        }
                        guard rest >= 2 else {
                            (initialized, valid) = (length, true)
                            return
                        }
                        let a = values[Int(input[i])], b = values[Int(input[i + 1])]
                        let c = rest == 3 ? values[Int(input[i + 2])] : 0
                        guard (a | b | c) & 0xC0 == 0 else { return }
                        let value = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6
                        out[o] = UInt8(truncatingIfNeeded: value >> 16)
                        if rest == 3 { out[o + 1] = UInt8(truncatingIfNeeded: value >> 8) }
                        (initialized, valid) = (length, true)
                    }
                }
            }
        }
        return valid
    }
}
