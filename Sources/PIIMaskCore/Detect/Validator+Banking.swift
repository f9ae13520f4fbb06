/// Validators for bank and network identifiers: IBAN, BIC, MAC addresses.
extension Validator {
    /// International Bank Account Number: a known country code, that country's IBAN length, and
    /// the ISO 7064 MOD 97-10 check (the first four characters moved to the end, letters as 10-35,
    /// the number mod 97 equals 1).
    ///
    /// Source: ISO 13616-1:2020; SWIFT, "IBAN Registry" (lengths by country).
    static let iban = Validator(name: "iban", summary: "IBAN country length and ISO 7064 mod-97") { match in
        let characters = IdentifierText.alphanumerics(of: match)
        guard characters.count >= 15, characters.count <= 34,
            IdentifierText.isUpper(characters[0]), IdentifierText.isUpper(characters[1]),
            IdentifierText.allDigits(characters, 2..<4),
            let length = IBANLengths.length(characters[0], characters[1]), length == characters.count
        else { return false }
        var remainder = 0
        for offset in 0..<characters.count {
            let character = characters[(offset + 4) % characters.count]
            if IdentifierText.isDigit(character) {
                remainder = (remainder * 10 + IdentifierText.digit(character)) % 97
            } else {
                remainder = (remainder * 100 + Int(character &- UInt8(ascii: "A")) + 10) % 97
            }
        }
        return remainder == 1
    }

    /// SWIFT BIC: four letters (institution), an ISO 3166 country code, two letters or digits
    /// (location), optionally three more (branch).
    ///
    /// Source: ISO 9362:2022 (Business Identifier Code); ISO 3166-1 alpha-2.
    static let bic = Validator(name: "bic", summary: "ISO 9362 layout with an ISO 3166 country") { match in
        let characters = IdentifierText.alphanumerics(of: match)
        guard characters.count == 8 || characters.count == 11 else { return false }
        for index in 0..<4 where !IdentifierText.isUpper(characters[index]) { return false }
        return IdentifierText.isCountryCode(characters[4], characters[5])
    }

    /// MAC-48 / EUI-48 addresses: rejects the all-zero and broadcast placeholders, and dotted
    /// (Cisco) forms written only with decimal digits, which are far more often dates or versions.
    ///
    /// Source: IEEE 802-2014 §8.2 (MAC address); IEEE "Guidelines for Use of EUI-48".
    static let macAddress = Validator(name: "mac_address", summary: "not 00:00:… or ff:ff:…, dotted form not all decimal") {
        match in
        let characters = IdentifierText.alphanumerics(of: match)
        guard characters.count == 12, !IdentifierText.isRepeated(characters) else { return false }
        var dotted = false
        for index in match.indices where match[index] == UInt8(ascii: ".") { dotted = true }
        if dotted && IdentifierText.allDigits(characters, 0..<12) { return false }
        return true
    }
}

/// IBAN lengths by country, from the SWIFT IBAN Registry.
enum IBANLengths {
    static func length(_ first: UInt8, _ second: UInt8) -> Int? {
        let key = UInt16(first) << 8 | UInt16(second)
        for entry in table where entry.key == key { return entry.length }
        return nil
    }

    private static let table: [(key: UInt16, length: Int)] = {
        let registry =
            "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 "
            + "DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 "
            + "IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 "
            + "MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 "
            + "SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30"
        let bytes = Array(registry.utf8)
        var entries: [(key: UInt16, length: Int)] = []
        var index = 0
        while index + 3 < bytes.count {
            let key = UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
            let length = Int(bytes[index + 2] &- 0x30) * 10 + Int(bytes[index + 3] &- 0x30)
            entries.append((key, length))
            index += 5
        }
        return entries
    }()
}
