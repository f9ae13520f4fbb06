/// Byte helpers that the country, banking and secret validators share.
///
/// Validators see a match exactly as written (`12345678-Z`, `GB82 WEST 1234 …`), so most of them
/// first take the letters and digits out of it with `alphanumerics(of:)`, the counterpart of
/// `DigitChecks.digits(of:)`, and then work on that one small array.
enum IdentifierText {
    /// The ASCII letters (upper-cased) and digits of `bytes`, in order, skipping every other byte.
    ///
    /// Stops after `limit + 1` characters, so a long run costs no more than an identifier.
    static func alphanumerics(of bytes: Span<UInt8>, limit: Int = 64) -> [UInt8] {
        var characters: [UInt8] = []
        characters.reserveCapacity(24)
        for index in bytes.indices {
            var byte = bytes[index]
            if byte >= 0x61 && byte <= 0x7A { byte &-= 0x20 }
            if isDigit(byte) || isUpper(byte) {
                characters.append(byte)
                if characters.count > limit { break }
            }
        }
        return characters
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }

    /// The value of an ASCII digit; callers check `isDigit` first.
    static func digit(_ byte: UInt8) -> Int { Int(byte &- 0x30) }

    /// The number spelled by the ASCII digits `characters[range]`, or nil if one is not a digit.
    static func number(_ characters: [UInt8], _ range: Range<Int>) -> Int? {
        var value = 0
        for index in range {
            guard isDigit(characters[index]) else { return nil }
            value = value * 10 + digit(characters[index])
        }
        return value
    }

    /// True when every character in `range` is an ASCII digit.
    static func allDigits(_ characters: [UInt8], _ range: Range<Int>) -> Bool {
        for index in range where !isDigit(characters[index]) { return false }
        return true
    }

    /// True when all values are the same (`000000000`, `1111111111`): never issued, often a placeholder.
    static func isRepeated(_ values: [UInt8]) -> Bool {
        guard let first = values.first else { return true }
        return values.allSatisfy { $0 == first }
    }

    /// A proleptic Gregorian calendar date check.
    static func isValidDate(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return day <= (leap ? 29 : 28)
        case 4, 6, 9, 11: return day <= 30
        default: return day <= 31
        }
    }

    /// ISO 3166-1 alpha-2 country codes (as officially assigned), plus XK (Kosovo, used by SWIFT and
    /// the IBAN registry). Source: ISO 3166 Maintenance Agency, officially assigned code elements.
    static func isCountryCode(_ first: UInt8, _ second: UInt8) -> Bool {
        guard isUpper(first), isUpper(second) else { return false }
        let row = countryCodes[Int(first &- 0x41)]
        return row.utf8.contains(second)
    }

    /// For each first letter A...Z, the second letters that form an assigned code.
    private static let countryCodes: [String] = [
        "DEFGILMOQRSTUWXZ",  // A
        "ABDEFGHIJLMNOQRSTVWYZ",  // B
        "ACDFGHIKLMNORUVWXYZ",  // C
        "EJKMOZ",  // D
        "CEGHRST",  // E
        "IJKMOR",  // F
        "ABDEFGHILMNPQRSTUWY",  // G
        "KMNRTU",  // H
        "DELMNOQRST",  // I
        "EMOP",  // J
        "EGHIMNPRWYZ",  // K
        "ABCIKRSTUVY",  // L
        "ACDEFGHKLMNOPQRSTUVWXYZ",  // M
        "ACEFGILOPRUZ",  // N
        "M",  // O
        "AEFGHKLMNRSTWY",  // P
        "A",  // Q
        "EOSUW",  // R
        "ABCDEGHIJKLMNORSTVXYZ",  // S
        "CDFGHJKLMNORTVWZ",  // T
        "AGMSYZ",  // U
        "ACEGINU",  // V
        "FS",  // W
        "K",  // X
        "ET",  // Y
        "AMW",  // Z
    ]
}
