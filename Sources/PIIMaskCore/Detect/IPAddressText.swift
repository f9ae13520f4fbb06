/// Checks the text forms of IP addresses on bytes, without parsing into a socket address.
enum IPAddressText {
    static func isValid(_ text: Span<UInt8>) -> Bool {
        var hasColon = false
        for index in text.indices where text[index] == UInt8(ascii: ":") {
            hasColon = true
            break
        }
        return hasColon ? isIPv6(text) : isIPv4(text, from: 0, to: text.count)
    }

    /// Dotted quad in `text[from..<to]`: four octets 0-255, no leading zeros.
    static func isIPv4(_ text: Span<UInt8>, from: Int, to: Int) -> Bool {
        var dots = 0
        var value = 0
        var length = 0
        var index = from
        while index < to {
            let byte = text[index]
            if byte == UInt8(ascii: ".") {
                guard length > 0 else { return false }
                dots += 1
                value = 0
                length = 0
            } else if byte >= 0x30 && byte <= 0x39 {
                if length == 1 && value == 0 { return false }  // leading zero
                value = value * 10 + Int(byte &- 0x30)
                length += 1
                if value > 255 { return false }
            } else {
                return false
            }
            index += 1
        }
        return dots == 3 && length > 0
    }

    /// RFC 4291 text: eight groups of 1-4 hex digits, `::` standing for one or more zero groups at
    /// most once, an IPv4 dotted quad allowed as the last 32 bits.
    static func isIPv6(_ text: Span<UInt8>) -> Bool {
        let count = text.count
        var groups = 0
        var sawDoubleColon = false
        var index = 0
        if count >= 2 && text[0] == UInt8(ascii: ":") {
            guard text[1] == UInt8(ascii: ":") else { return false }
            sawDoubleColon = true
            index = 2
            if index == count { return true }
        }
        while index < count {
            // Read one group: hex digits, or an IPv4 tail.
            var end = index
            var hasDot = false
            while end < count && text[end] != UInt8(ascii: ":") {
                if text[end] == UInt8(ascii: ".") { hasDot = true }
                end += 1
            }
            if hasDot {
                guard end == count, isIPv4(text, from: index, to: end) else { return false }
                groups += 2
                index = end
                break
            }
            let length = end - index
            guard (1...4).contains(length) else { return false }
            for position in index..<end where !isHexDigit(text[position]) { return false }
            groups += 1
            if end == count {
                index = end
                break
            }
            // At a colon: a second colon is the compression.
            if end + 1 < count && text[end + 1] == UInt8(ascii: ":") {
                guard !sawDoubleColon else { return false }
                sawDoubleColon = true
                index = end + 2
                if index == count { break }
            } else {
                guard end + 1 < count else { return false }  // trailing single colon
                index = end + 1
            }
        }
        return sawDoubleColon ? groups < 8 : groups == 8
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x66)
    }
}
