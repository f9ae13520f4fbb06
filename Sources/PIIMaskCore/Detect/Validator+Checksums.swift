/// Validators for national identifiers made of digits whose last digit(s) check the rest: weighted
/// mod-10 and mod-11 sums, Luhn variants, Verhoeff, ISO 7064. Each names where its rule is published.
///
/// A validator sees the match with its separators; all of them read the digits with
/// `DigitChecks.digits(of:)` (or `IdentifierText.alphanumerics(of:)` when a letter can occur) and
/// check the count first, so a pattern that lets a separator through cannot confuse them.
extension Validator {
    /// US National Provider Identifier: 10 digits starting 1 or 2, Luhn over the number prefixed
    /// with 80840 (the health-industry card issuer prefix).
    ///
    /// Source: CMS, "Requirements for National Provider Identifier (NPI) and NPI Enumeration" (check
    /// digit per ISO/IEC 7812-1 with prefix 80840).
    static let usaNPI = Validator(name: "usa_npi", summary: "Luhn over '80840' + the 10 digits") { match in
        let digits = DigitChecks.digits(of: match)
        guard digits.count == 10, digits[0] == 1 || digits[0] == 2 else { return false }
        return DigitChecks.luhnValid([8, 0, 8, 4, 0] + digits)
    }

    /// US DEA registration number: two letters, six digits, a check digit equal to the last digit of
    /// (d1 + d3 + d5) + 2 × (d2 + d4 + d6).
    ///
    /// Source: DEA Diversion Control Division, registrant number format (21 CFR 1301); the check
    /// digit as published by the DEA for pharmacists verifying prescriptions.
    static let usaDEA = Validator(name: "usa_dea", summary: "DEA registrant letters and check digit") { match in
        let characters = IdentifierText.alphanumerics(of: match)
        guard characters.count == 9,
            IdentifierText.isUpper(characters[0]),
            IdentifierText.isUpper(characters[1]) || characters[1] == UInt8(ascii: "9"),
            IdentifierText.allDigits(characters, 2..<9)
        else { return false }
        let d = characters[2..<9].map { IdentifierText.digit($0) }
        let sum = d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])
        return sum % 10 == d[6]
    }

    /// Canadian Social Insurance Number: nine digits, Luhn-valid, first digit not 0 or 8.
    ///
    /// Source: Employment and Social Development Canada, SIN format (first digit by province; 0 and 8
    /// are not assigned to individuals); the check digit is Luhn (ISO/IEC 7812-1).
    static let canadaSIN = Validator(name: "canada_sin", summary: "Luhn; first digit not 0 or 8") { match in
        let digits = DigitChecks.digits(of: match)
        guard digits.count == 9, digits[0] != 0, digits[0] != 8 else { return false }
        return DigitChecks.luhnValid(digits)
    }

    /// UK NHS number: ten digits, weights 10...2 over the first nine, check = 11 − (sum mod 11),
    /// 11 → 0, 10 → never issued. Numbers in the Scottish CHI range (below 320 000 0000) start with
    /// the holder's date of birth as DDMMYY.
    ///
    /// Source: NHS Digital, NHS Data Model and Dictionary, "NHS Number" (Modulus 11 check); NHS
    /// National Services Scotland, CHI number format.
    static let ukNHS = Validator(name: "uk_nhs", summary: "NHS Modulus 11 check digit") { match in
        let digits = DigitChecks.digits(of: match)
        guard digits.count == 10, !IdentifierText.isRepeated(digits) else { return false }
        var sum = 0
        for index in 0..<9 { sum += Int(digits[index]) * (10 - index) }
        var check = 11 - sum % 11
        if check == 11 { check = 0 }
        guard check != 10, check == Int(digits[9]) else { return false }
        if DigitChecks.number(digits[0..<3]) < 320 {
            let day = DigitChecks.number(digits[0..<2])
            let month = DigitChecks.number(digits[2..<4])
            return (1...31).contains(day) && (1...12).contains(month)
        }
        return true
    }

    /// Dutch burgerservicenummer: nine digits passing the "11-proof": 9·d1 + 8·d2 + … + 2·d8 − d9
    /// is a multiple of 11 (and not zero).
    ///
    /// Source: Wet algemene bepalingen burgerservicenummer; Logisch Ontwerp BSN (elfproef).
    static let netherlandsBSN = Validator(name: "netherlands_bsn", summary: "BSN 11-proof") { match in
        let digits = DigitChecks.digits(of: match)
        guard digits.count == 9, !IdentifierText.isRepeated(digits) else { return false }
        var sum = 0
        for index in 0..<8 { sum += Int(digits[index]) * (9 - index) }
        sum -= Int(digits[8])
        return sum != 0 && sum % 11 == 0
    }

    /// German tax identification number (Steuerliche Identifikationsnummer): 11 digits, first not 0;
    /// in the first ten, exactly one digit occurs twice or three times (three times never in a row)
    /// and the rest at most once; the last digit is the ISO 7064 MOD 11,10 check.
    ///
    /// Source: § 139b Abgabenordnung; BZSt, "Steuer-Identifikationsnummer" format description; ISO/IEC
    /// 7064 (MOD 11,10 hybrid system).
    static let germanyTaxID = Validator(name: "germany_tax_id", summary: "Steuer-ID digit rule and ISO 7064 MOD 11,10") {
        match in
        let digits = DigitChecks.digits(of: match)
        guard digits.count == 11, digits[0] != 0 else { return false }
        var counts = [Int](repeating: 0, count: 10)
        for index in 0..<10 { counts[Int(digits[index])] += 1 }
        var repeated = 0
        for count in counts where count > 1 {
            guard count <= 3 else { return false }
            repeated += 1
        }
        guard repeated == 1 else { return false }
        for index in 2..<10 where digits[index] == digits[index - 1] && digits[index] == digits[index - 2] {
            return false
        }
        return iso7064Mod11Hybrid(digits[0..<10]) == Int(digits[10])
    }

    /// Polish PESEL: 11 digits, YYMMDD with the century in the month (+80 for 1800s, +20 for 2000s,
    /// +40, +60), weights 1,3,7,9,1,3,7,9,1,3 and a mod-10 check digit.
    ///
    /// Source: Ustawa o ewidencji ludności (2010), art. 15; Ministry of Digital Affairs PESEL format.
    static let polandPESEL = Validator(name: "poland_pesel", summary: "PESEL date and weighted mod-10 check") { match in
        let digits = DigitChecks.digits(of: match)
        guard digits.count == 11 else { return false }
        let weights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
        var sum = 0
        for index in 0..<10 { sum += Int(digits[index]) * weights[index] }
        guard (10 - sum % 10) % 10 == Int(digits[10]) else { return false }
        var year = DigitChecks.number(digits[0..<2])
        var month = DigitChecks.number(digits[2..<4])
        let day = DigitChecks.number(digits[4..<6])
        switch month {
        case 81...92: year += 1800; month -= 80
        case 1...12: year += 1900
        case 21...32: year += 2000; month -= 20
        case 41...52: year += 2100; month -= 40
        case 61...72: year += 2200; month -= 60
        default: return false
        }
        return IdentifierText.isValidDate(year: year, month: month, day: day)
    }

    /// Japanese Individual Number (My Number): 12 digits, the last a check digit: with the other
    /// digits Pn numbered from the right and weights Qn = n + 1 (n ≤ 6) or n − 5 (n ≥ 7),
    /// check = 11 − (Σ Pn·Qn mod 11), or 0 when the remainder is 0 or 1.
    ///
    /// Source: 総務省令第85号 (2014) 第5条, the check digit of the 個人番号.
    static let japanMyNumber = Validator(name: "japan_my_number", summary: "My Number check digit (MIC ordinance 85, art. 5)") {
        match in
        let digits = DigitChecks.digits(of: match)
        guard digits.count == 12, !IdentifierText.isRepeated(digits) else { return false }
        var sum = 0
        for n in 1...11 {
            let p = Int(digits[11 - n])
            let q = n <= 6 ? n + 1 : n - 5
            sum += p * q
        }
        let remainder = sum % 11
        let check = remainder <= 1 ? 0 : 11 - remainder
        return check == Int(digits[11])
    }

    /// Indian Aadhaar number: 12 digits, first digit 2-9, Verhoeff check digit.
    ///
    /// Source: UIDAI, "Aadhaar Numbering Scheme" (2012); J. Verhoeff, "Error Detecting Decimal Codes"
    /// (1969), dihedral group D5 tables.
    static let indiaAadhaar = Validator(name: "india_aadhaar", summary: "first digit 2-9, Verhoeff check digit") { match in
        let digits = DigitChecks.digits(of: match)
        guard digits.count == 12, digits[0] >= 2, !IdentifierText.isRepeated(digits) else { return false }
        return Verhoeff.isValid(digits)
    }

    /// Korean resident registration number of a citizen: YYMMDD-SNNNNNC, S = 1-4 (9, 0 for the
    /// 1800s), a valid birth date, and the weighted mod-11 check digit (weights 2-9, 2-5). Numbers
    /// issued from October 2020 have a random tail and no check digit, so the check is skipped for
    /// citizens born in 2020 or later.
    ///
    /// Source: 주민등록법 시행규칙 (Enforcement Rule of the Resident Registration Act) art. 2 and its
    /// 2020 amendment; the check digit as in the pre-2020 rule.
    static let koreaRRN = Validator(name: "korea_rrn", summary: "birth date, citizen gender digit, mod-11 check") { match in
        let digits = DigitChecks.digits(of: match)
        guard digits.count == 13 else { return false }
        let yy = DigitChecks.number(digits[0..<2])
        let century: Int
        switch digits[6] {
        case 1, 2: century = 1900
        case 3, 4: century = 2000
        case 9, 0: century = 1800
        default: return false
        }
        let month = DigitChecks.number(digits[2..<4])
        let day = DigitChecks.number(digits[4..<6])
        guard IdentifierText.isValidDate(year: century + yy, month: month, day: day) else { return false }
        if century == 2000 && yy >= 20 { return true }
        let weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
        var sum = 0
        for index in 0..<12 { sum += Int(digits[index]) * weights[index] }
        return (11 - sum % 11) % 10 == Int(digits[12])
    }

    /// Australian Tax File Number: nine digits with weights 1,4,3,7,5,8,6,9,10 (or eight digits,
    /// the older form, with weights 10,7,8,4,6,3,5,1), weighted sum divisible by 11.
    ///
    /// Source: Australian Taxation Office, TFN algorithm as published to software developers
    /// (ATO "TFN validation" in the PAYG and SBR specifications).
    static let australiaTFN = Validator(name: "australia_tfn", summary: "TFN weighted sum mod 11") { match in
        let digits = DigitChecks.digits(of: match)
        let weights: [Int]
        switch digits.count {
        case 9: weights = [1, 4, 3, 7, 5, 8, 6, 9, 10]
        case 8: weights = [10, 7, 8, 4, 6, 3, 5, 1]
        default: return false
        }
        guard !IdentifierText.isRepeated(digits) else { return false }
        var sum = 0
        for index in weights.indices { sum += Int(digits[index]) * weights[index] }
        return sum % 11 == 0
    }

    /// Australian Medicare card number: ten digits (optionally an eleventh, the individual reference
    /// number 1-9), first digit 2-6, ninth digit = (1,3,7,9,1,3,7,9 · first eight) mod 10, tenth (the
    /// issue number) not 0.
    ///
    /// Source: Services Australia, Medicare card number structure as checked by Medicare Online and
    /// the Australian Digital Health Agency's IHI/Medicare validation rules.
    static let australiaMedicare = Validator(name: "australia_medicare", summary: "Medicare weighted check digit") { match in
        let digits = DigitChecks.digits(of: match)
        guard digits.count == 10 || digits.count == 11, (2...6).contains(digits[0]) else { return false }
        let weights = [1, 3, 7, 9, 1, 3, 7, 9]
        var sum = 0
        for index in 0..<8 { sum += Int(digits[index]) * weights[index] }
        guard sum % 10 == Int(digits[8]), digits[9] != 0 else { return false }
        return digits.count == 10 || digits[10] != 0
    }

    /// Brazilian CPF: 11 digits, two mod-11 check digits (weights 10...2, then 11...2; a remainder
    /// below 2 gives 0), not all the same digit.
    ///
    /// Source: Receita Federal, Instrução Normativa RFB nº 2.172/2024 (CPF) and the published
    /// "cálculo do dígito verificador do CPF".
    static let brazilCPF = Validator(name: "brazil_cpf", summary: "CPF two mod-11 check digits") { match in
        let digits = DigitChecks.digits(of: match)
        guard digits.count == 11, !IdentifierText.isRepeated(digits) else { return false }
        for checkIndex in 9...10 {
            var sum = 0
            for index in 0..<checkIndex { sum += Int(digits[index]) * (checkIndex + 1 - index) }
            let remainder = sum % 11
            let check = remainder < 2 ? 0 : 11 - remainder
            guard check == Int(digits[checkIndex]) else { return false }
        }
        return true
    }

    /// Chinese resident identity card number: 6-digit region (first digit 1-8), YYYYMMDD birth date,
    /// 3-digit sequence, and an ISO 7064 MOD 11-2 check character (0-9 or X).
    ///
    /// Source: GB 11643-1999 "Citizen identification number"; ISO/IEC 7064 MOD 11-2.
    static let chinaResidentID = Validator(name: "china_resident_id", summary: "GB 11643 birth date and MOD 11-2 check") {
        match in
        let characters = IdentifierText.alphanumerics(of: match)
        guard characters.count == 18, IdentifierText.allDigits(characters, 0..<17) else { return false }
        let first = IdentifierText.digit(characters[0])
        guard (1...8).contains(first),
            let year = IdentifierText.number(characters, 6..<10),
            let month = IdentifierText.number(characters, 10..<12),
            let day = IdentifierText.number(characters, 12..<14),
            (1900...2099).contains(year),
            IdentifierText.isValidDate(year: year, month: month, day: day)
        else { return false }
        var sum = 0
        for index in 0..<17 {
            // Weight of position i (from the left) is 2^(17 - i) mod 11.
            sum += IdentifierText.digit(characters[index]) * chinaWeights[index]
        }
        let expected = Array("10X98765432".utf8)[sum % 11]
        return characters[17] == expected
    }

    /// French social security number (NIR, "numéro INSEE"): sex 1-4, 7 or 8, YY, MM (01-12, or
    /// 20-42 and 50-99 for unknown months), department (digits, or 2A/2B for Corsica), commune,
    /// order, and the key 97 − (the 13-digit number mod 97), Corsica counted as 19 (2A) or 18 (2B).
    ///
    /// Source: INSEE, "Numéro d'inscription au répertoire (NIR)"; Décret n° 82-103 (clé de contrôle).
    static let franceINSEE = Validator(name: "france_insee", summary: "NIR structure and mod-97 key") { match in
        let characters = IdentifierText.alphanumerics(of: match)
        guard characters.count == 15 else { return false }
        guard let sex = IdentifierText.number(characters, 0..<1), [1, 2, 3, 4, 7, 8].contains(sex),
            let month = IdentifierText.number(characters, 3..<5),
            IdentifierText.allDigits(characters, 1..<3),
            IdentifierText.allDigits(characters, 7..<15)
        else { return false }
        guard (1...12).contains(month) || (20...42).contains(month) || month >= 50 else { return false }
        var department = characters[5..<7].map { $0 }
        if department[0] == UInt8(ascii: "2") && department[1] == UInt8(ascii: "A") {
            department = Array("19".utf8)
        } else if department[0] == UInt8(ascii: "2") && department[1] == UInt8(ascii: "B") {
            department = Array("18".utf8)
        } else if !IdentifierText.allDigits(department, 0..<2) {
            return false
        }
        var remainder = 0
        for index in 0..<13 {
            let character = index == 5 || index == 6 ? department[index - 5] : characters[index]
            remainder = (remainder * 10 + IdentifierText.digit(character)) % 97
        }
        guard let key = IdentifierText.number(characters, 13..<15) else { return false }
        return key == 97 - remainder
    }

    /// ISO 7064 MOD 11,10 (hybrid) check digit of `digits`.
    static func iso7064Mod11Hybrid(_ digits: ArraySlice<UInt8>) -> Int {
        var product = 10
        for digit in digits {
            var sum = (Int(digit) + product) % 10
            if sum == 0 { sum = 10 }
            product = (sum * 2) % 11
        }
        let check = 11 - product
        return check == 10 ? 0 : check
    }

    private static let chinaWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
}

/// The Verhoeff check digit scheme (dihedral group D5).
///
/// Source: J. Verhoeff, "Error Detecting Decimal Codes", Mathematical Centre Tracts 29 (1969).
enum Verhoeff {
    /// The multiplication table of D5.
    private static let multiply: [[UInt8]] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
        [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
        [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
        [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
        [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
        [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
        [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
        [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
        [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    ]

    /// The permutation applied to a digit at position i (from the right, check digit at 0): row i mod 8.
    private static let permute: [[UInt8]] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
        [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
        [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
        [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
        [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
        [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
        [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
    ]

    /// True when the last digit of `digits` is their Verhoeff check digit.
    static func isValid(_ digits: [UInt8]) -> Bool {
        var check: UInt8 = 0
        for (position, digit) in digits.reversed().enumerated() {
            check = multiply[Int(check)][Int(permute[position % 8][Int(digit)])]
        }
        return check == 0
    }
}
