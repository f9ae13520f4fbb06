/// Validators for identifiers whose check character is a letter (Spain, Italy, Singapore) or whose
/// letters follow allocation rules (UK National Insurance, US ITIN and MBI).
extension Validator {
    /// Spanish DNI: eight digits and the letter "TRWAGMYFPDXBNJZSQVHLCKE"[number mod 23].
    ///
    /// Source: Real Decreto 1553/2005 (DNI); Ministerio del Interior, "Cálculo del dígito de control
    /// del NIF/NIE".
    static let spainDNI = Validator(name: "spain_dni", summary: "DNI mod-23 check letter") { match in
        let characters = IdentifierText.alphanumerics(of: match)
        guard characters.count == 9, let number = IdentifierText.number(characters, 0..<8) else { return false }
        return characters[8] == spanishLetters[number % 23]
    }

    /// Spanish NIE: X, Y or Z (standing for 0, 1, 2), seven digits, and the DNI check letter of the
    /// resulting eight-digit number.
    ///
    /// Source: Orden INT/2058/2008 (NIE with Y and Z); Ministerio del Interior, "Cálculo del dígito
    /// de control del NIF/NIE".
    static let spainNIE = Validator(name: "spain_nie", summary: "NIE prefix and mod-23 check letter") { match in
        let characters = IdentifierText.alphanumerics(of: match)
        guard characters.count == 9, let body = IdentifierText.number(characters, 1..<8) else { return false }
        let prefix: Int
        switch characters[0] {
        case UInt8(ascii: "X"): prefix = 0
        case UInt8(ascii: "Y"): prefix = 1
        case UInt8(ascii: "Z"): prefix = 2
        default: return false
        }
        return characters[8] == spanishLetters[(prefix * 10_000_000 + body) % 23]
    }

    /// Italian codice fiscale: six letters, year, month letter, day (+40 for women), municipality
    /// code, and a check letter from the odd/even position tables mod 26. Digits may be replaced by
    /// the letters L-V ("omocodia") to resolve duplicates.
    ///
    /// Source: Decreto ministeriale 23 dicembre 1976 (Ministero delle Finanze), "Sistemi di
    /// codificazione dei soggetti da iscrivere all'anagrafe tributaria", allegati.
    static let italyFiscalCode = Validator(name: "italy_fiscal_code", summary: "codice fiscale structure and check letter") {
        match in
        let characters = IdentifierText.alphanumerics(of: match)
        guard characters.count == 16 else { return false }
        for index in 0..<6 where !IdentifierText.isUpper(characters[index]) { return false }
        for index in [8, 11, 15] where !IdentifierText.isUpper(characters[index]) { return false }
        // Decode the digit positions, which may carry omocodia letters.
        var decoded = characters
        for index in [6, 7, 9, 10, 12, 13, 14] {
            let character = characters[index]
            if IdentifierText.isDigit(character) { continue }
            guard let value = omocodiaLetters.firstIndex(of: character) else { return false }
            decoded[index] = UInt8(ascii: "0") + UInt8(value)
        }
        guard monthLetters.contains(characters[8]),
            let day = IdentifierText.number(decoded, 9..<11),
            (1...31).contains(day) || (41...71).contains(day)
        else { return false }
        var sum = 0
        for index in 0..<15 {
            let character = characters[index]
            let value = IdentifierText.isDigit(character)
                ? IdentifierText.digit(character) : Int(character &- UInt8(ascii: "A"))
            // Positions 1, 3, 5, … (1-based) use the odd table; digits share their letter's entry.
            sum += index % 2 == 0 ? italyOddValues[value] : value
        }
        return characters[15] == UInt8(ascii: "A") + UInt8(sum % 26)
    }

    /// Singapore NRIC / FIN: S, T, F, G or M, seven digits, and a check letter: weights
    /// 2,7,6,5,4,3,2, plus 4 for T and G and 3 for M, mod 11, mapped through the series' table.
    ///
    /// Source: Immigration & Checkpoints Authority, NRIC/FIN format (check letter algorithm as used
    /// by Singapore government forms; M-series FIN from 2022).
    static let singaporeNRIC = Validator(name: "singapore_nric", summary: "NRIC/FIN weighted mod-11 check letter") { match in
        let characters = IdentifierText.alphanumerics(of: match)
        guard characters.count == 9, IdentifierText.allDigits(characters, 1..<8) else { return false }
        let weights = [2, 7, 6, 5, 4, 3, 2]
        var sum = 0
        for index in 0..<7 { sum += IdentifierText.digit(characters[index + 1]) * weights[index] }
        let table: [UInt8]
        switch characters[0] {
        case UInt8(ascii: "S"): table = Array("JZIHGFEDCBA".utf8)
        case UInt8(ascii: "T"): table = Array("JZIHGFEDCBA".utf8); sum += 4
        case UInt8(ascii: "F"): table = Array("XWUTRQPNMLK".utf8)
        case UInt8(ascii: "G"): table = Array("XWUTRQPNMLK".utf8); sum += 4
        case UInt8(ascii: "M"): table = Array("XWUTRQPNJLK".utf8); sum += 3
        default: return false
        }
        return characters[8] == table[sum % 11]
    }

    /// UK National Insurance number: two prefix letters, six digits, suffix A-D. The first letter is
    /// not D, F, I, Q, U or V; the second not D, F, I, O, Q, U or V; the prefixes BG, GB, KN, NK, NT,
    /// TN and ZZ are not allocated.
    ///
    /// Source: HMRC National Insurance Manual NIM39110.
    static let ukNINO = Validator(name: "uk_nino", summary: "HMRC NINO prefix and suffix rules") { match in
        let characters = IdentifierText.alphanumerics(of: match)
        guard characters.count == 9, IdentifierText.allDigits(characters, 2..<8) else { return false }
        let first = characters[0]
        let second = characters[1]
        guard IdentifierText.isUpper(first), IdentifierText.isUpper(second),
            !Array("DFIQUV".utf8).contains(first), !Array("DFIOQUV".utf8).contains(second),
            (UInt8(ascii: "A")...UInt8(ascii: "D")).contains(characters[8])
        else { return false }
        let prefix = String(decoding: [first, second], as: UTF8.self)
        return !["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"].contains(prefix)
    }

    /// US Individual Taxpayer Identification Number: nine digits starting with 9, the fourth and
    /// fifth digits in 50-65, 70-88, 90-92 or 94-99.
    ///
    /// Source: IRS, "Individual Taxpayer Identification Number" (IRM 3.21.263), ranges as expanded
    /// in 2011.
    static let usaITIN = Validator(name: "usa_itin", summary: "IRS ITIN leading 9 and group ranges") { match in
        let digits = DigitChecks.digits(of: match)
        guard digits.count == 9, digits[0] == 9 else { return false }
        let group = DigitChecks.number(digits[3..<5])
        return (50...65).contains(group) || (70...88).contains(group) || (90...92).contains(group)
            || (94...99).contains(group)
    }

    /// US Medicare Beneficiary Identifier: 11 characters, by position C A AN N A AN N A A N N, where
    /// C is 1-9, N is 0-9 and A a letter other than S, L, O, I, B and Z.
    ///
    /// Source: CMS, "New Medicare Card: Understanding the MBI" (MBI format specifications).
    static let usaMBI = Validator(name: "usa_mbi", summary: "CMS MBI position rules") { match in
        let characters = IdentifierText.alphanumerics(of: match)
        guard characters.count == 11 else { return false }
        func isMBILetter(_ byte: UInt8) -> Bool {
            IdentifierText.isUpper(byte) && !Array("SLOIBZ".utf8).contains(byte)
        }
        let layout = Array("CAPNAPNAANN".utf8)  // C: 1-9, A: letter, P: letter or digit, N: digit
        for (index, kind) in layout.enumerated() {
            let byte = characters[index]
            switch kind {
            case UInt8(ascii: "C"): guard IdentifierText.isDigit(byte), byte != UInt8(ascii: "0") else { return false }
            case UInt8(ascii: "A"): guard isMBILetter(byte) else { return false }
            case UInt8(ascii: "P"): guard isMBILetter(byte) || IdentifierText.isDigit(byte) else { return false }
            default: guard IdentifierText.isDigit(byte) else { return false }
            }
        }
        return true
    }

    private static let spanishLetters = Array("TRWAGMYFPDXBNJZSQVHLCKE".utf8)
    private static let omocodiaLetters = Array("LMNPQRSTUV".utf8)
    private static let monthLetters = Array("ABCDEHLMPRST".utf8)
    /// Values of characters in odd (1-based) positions of a codice fiscale, for 0/A, 1/B, …, 9/J, K…Z.
    private static let italyOddValues = [
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
    ]
}
