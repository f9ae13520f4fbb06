/// A cheap check on a whole value, run before a detector's regex (a validator runs after it, on
/// each match). For shapes that trigger bytes describe badly: an IP address needs three dots, or
/// six colons, or a `::`, and a timestamp such as `2024-06-01T10:00:01.5Z`, which has dots and
/// colons, has none of these, so the IP regex never runs on it.
public struct Gate: Sendable {
    /// The name a pattern file uses in `prefilter.gate`.
    public let name: String
    let kind: Kind

    /// The built-in checks (a closure per gate cost a retain and release per call).
    enum Kind: Sendable {
        case ipAddress, macAddress, italyFiscalCode, twoLettersThenDigit, franceINSEECode, letterBesideDigit
    }

    /// Whether the value can hold a match.
    func admits(_ value: Span<UInt8>) -> Bool {
        switch kind {
        case .ipAddress: Self.ipAddress(value)
        case .macAddress: Self.macAddress(value)
        case .italyFiscalCode: Self.italyFiscalCode(value)
        case .twoLettersThenDigit: Self.twoLettersThenDigit(value)
        case .franceINSEECode: Self.franceINSEECode(value)
        case .letterBesideDigit: Self.letterBesideDigit(value)
        }
    }

    /// Every gate, by name.
    public static let registry: [String: Gate] = [
        "ip_address": Gate(name: "ip_address", kind: .ipAddress),
        "mac_address": Gate(name: "mac_address", kind: .macAddress),
        "italy_fiscal_code": Gate(name: "italy_fiscal_code", kind: .italyFiscalCode),
        "two_letters_then_digit": Gate(name: "two_letters_then_digit", kind: .twoLettersThenDigit),
        "france_insee_code": Gate(name: "france_insee_code", kind: .franceINSEECode),
        "letter_beside_digit": Gate(name: "letter_beside_digit", kind: .letterBesideDigit),
    ]

    /// IPv4 needs three dots; IPv6 needs `::` or at least six colons (eight groups, or six and an
    /// IPv4 tail).
    private static func ipAddress(_ value: Span<UInt8>) -> Bool {
        var dots = 0
        var colons = 0
        var previousColon = false
        for index in value.indices {
            let byte = value[index]
            if byte == UInt8(ascii: ".") {
                dots += 1
                if dots >= 3 { return true }
                previousColon = false
            } else if byte == UInt8(ascii: ":") {
                if previousColon { return true }
                colons += 1
                if colons >= 6 { return true }
                previousColon = true
            } else {
                previousColon = false
            }
        }
        return false
    }

    /// A MAC address has five colons or five dashes (six groups), or two dots five bytes apart
    /// (Cisco's `0012.3456.789a`; a version such as `2.31.0` has its dots closer).
    private static func macAddress(_ value: Span<UInt8>) -> Bool {
        var lastDot = -10
        var colons = 0
        var dashes = 0
        for index in value.indices {
            switch value[index] {
            case UInt8(ascii: "."):
                if index - lastDot == 5 { return true }
                lastDot = index
            case UInt8(ascii: ":"): colons += 1
            case UInt8(ascii: "-"): dashes += 1
            default: continue
            }
            if colons >= 5 || dashes >= 5 { return true }
        }
        return false
    }

    // The gates below read with `[unchecked:]`: each index is checked against `count` in its
    // loop condition, and they run on most values of a long record, so bounds checks would
    // double their cost.

    /// An Italian fiscal code is a word of exactly 16 letters and digits, the first six letters
    /// (a hex span id or a timestamp has no such word).
    private static func italyFiscalCode(_ value: Span<UInt8>) -> Bool {
        let count = value.count
        var start = 0
        while start + 16 <= count {
            guard isWordByte(value[unchecked: start]) else {
                start += 1
                continue
            }
            var end = start
            while end < start + 6 && isLetter(value[unchecked: end]) { end += 1 }
            let sixLetters = end == start + 6
            while end < count && isWordByte(value[unchecked: end]) { end += 1 }
            if sixLetters && end - start == 16 { return true }
            start = end + 1
        }
        return false
    }

    /// Two letters, then a digit, directly or after one space or dash: how a UK National
    /// Insurance number (`QQ 12 34 56 C`) and an IBAN (`DE89 3704 ...`) begin.
    private static func twoLettersThenDigit(_ value: Span<UInt8>) -> Bool {
        let count = value.count
        var letters = 0  // letters just before `index`
        var index = 0
        while index < count {
            let byte = value[unchecked: index]
            if isLetter(byte) {
                letters += 1
            } else {
                if letters >= 2 {
                    if isDigit(byte) { return true }
                    if (byte == 0x20 || byte == UInt8(ascii: "-")) && index + 1 < count && isDigit(value[unchecked: index + 1]) {
                        return true
                    }
                }
                letters = 0
            }
            index += 1
        }
        return false
    }

    /// A French INSEE code ends in eight digits that only single spaces may separate
    /// (`... 078 006 084 36`), whatever its department (`2A`, `2B`) is.
    private static func franceINSEECode(_ value: Span<UInt8>) -> Bool {
        let count = value.count
        var run = 0
        var previousSpace = false
        var index = 0
        while index < count {
            let byte = value[unchecked: index]
            if isDigit(byte) {
                run += 1
                if run >= 8 { return true }
                previousSpace = false
            } else if byte == 0x20 && run > 0 && !previousSpace {
                previousSpace = true
            } else {
                run = 0
                previousSpace = false
            }
            index += 1
        }
        return false
    }

    /// A letter next to a digit, directly or across one space or dash (`X1234567L`,
    /// `12345678-Z`): how identifiers that mix letters and digits look, and what a user id such
    /// as `u_5645704` or a bare order number does not.
    private static func letterBesideDigit(_ value: Span<UInt8>) -> Bool {
        let count = value.count
        // What the previous byte was (0 other, 1 letter, 2 digit), and the same across one space or dash.
        var previous = 0
        var beforeSeparator = 0
        var index = 0
        while index < count {
            let byte = value[unchecked: index]
            let kind = isLetter(byte) ? 1 : (isDigit(byte) ? 2 : 0)
            if kind != 0 && (previous == 3 - kind || beforeSeparator == 3 - kind) { return true }
            if kind == 0 && (byte == 0x20 || byte == UInt8(ascii: "-")) {
                beforeSeparator = previous
            } else {
                beforeSeparator = 0
            }
            previous = kind
            index += 1
        }
        return false
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    @inline(__always)
    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }

    /// `[0-9A-Za-z_]`: the bytes the patterns' look-arounds treat as part of a word.
    @inline(__always)
    private static func isWordByte(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) || byte == 0x5F }
}
