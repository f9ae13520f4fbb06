/// Walks UTF-8 text one character (scalar) at a time, tolerating invalid bytes (each one counts
/// as a character of its own), so that partial masking never splits a multi-byte character.
enum UTF8Characters {
    /// The length of the UTF-8 sequence starting with `lead` (1 for invalid lead bytes).
    @inline(__always)
    static func sequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xC2...0xDF: 2
        case 0xE0...0xEF: 3
        case 0xF0...0xF4: 4
        default: 1
        }
    }

    /// The start offsets of every character in `bytes`.
    static func starts(_ bytes: Span<UInt8>) -> [Int] {
        var starts: [Int] = []
        starts.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            starts.append(index)
            var length = sequenceLength(bytes[index])
            // A truncated or malformed sequence: fall back to one byte.
            if index + length > bytes.count { length = 1 }
            for offset in 1..<max(length, 1) where bytes[index + offset] & 0xC0 != 0x80 {
                length = 1
                break
            }
            index += length
        }
        return starts
    }
}
