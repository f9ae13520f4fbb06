/// JSON string escapes: decoding a string's content to its bytes, and encoding bytes back.
enum JSONEscaping {
    /// Decodes the content of a JSON string (between the quotes, already validated by the
    /// scanner) into UTF-8 bytes appended to `output`. Lone surrogates become U+FFFD.
    static func unescape(_ content: Span<UInt8>, into output: inout [UInt8]) {
        var index = 0
        let count = content.count
        while index < count {
            let byte = content[index]
            guard byte == UInt8(ascii: "\\"), index + 1 < count else {
                output.append(byte)
                index += 1
                continue
            }
            let escape = content[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                guard let unit = hex4(content, at: index) else { output.append(contentsOf: [0xEF, 0xBF, 0xBD]); continue }
                index += 4
                var scalar = UInt32(unit)
                if (0xD800...0xDBFF).contains(unit) {
                    if index + 6 <= count, content[index] == UInt8(ascii: "\\"), content[index + 1] == UInt8(ascii: "u"),
                       let low = hex4(content, at: index + 2), (0xDC00...0xDFFF).contains(low) {
                        scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                        index += 6
                    } else {
                        scalar = 0xFFFD
                    }
                } else if (0xDC00...0xDFFF).contains(unit) {
                    scalar = 0xFFFD
                }
                appendUTF8(scalar, to: &output)
            default: output.append(escape)  // \" \\ \/
            }
        }
    }

    /// Appends `bytes` as JSON string content: `"`, `\` and control characters escaped, all
    /// other bytes (UTF-8 included) as they are.
    static func escape(_ bytes: Span<UInt8>, into output: inout [UInt8]) {
        var index = 0
        while index < bytes.count {
            // The bytes up to the next one that needs an escape go in one append (most rewritten
            // values, hashes and pseudonyms among them, need none).
            let special = ByteSearch.firstStringSpecial(in: bytes, from: index)
            output.append(contentsOf: bytes.extracting(index..<special))
            guard special < bytes.count else { return }
            let byte = bytes[special]
            index = special + 1
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): output.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: output.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            default:  // the other control characters
                let digits: [UInt8] = Array("0123456789abcdef".utf8)
                output.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
            }
        }
    }

    /// Whether `bytes` can be put between quotes without escaping.
    static func needsNoEscaping(_ bytes: Span<UInt8>) -> Bool {
        for index in bytes.indices {
            let byte = bytes[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return false }
        }
        return true
    }

    static func hex4(_ content: Span<UInt8>, at index: Int) -> UInt16? {
        guard index + 4 <= content.count else { return nil }
        var value: UInt16 = 0
        for offset in 0..<4 {
            guard let digit = hexValue(content[index + offset]) else { return nil }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    static func appendUTF8(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            output.append(UInt8(scalar))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | (scalar >> 6)))
            output.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | (scalar >> 12)))
            output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            output.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            output.append(UInt8(0xF0 | (scalar >> 18)))
            output.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            output.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }
}
