/// Validators for the default (universal) entity types.
extension Validator {
    /// The Luhn (mod 10) check digit over every ASCII digit of the match.
    ///
    /// Source: ISO/IEC 7812-1 Annex B. Used by payment cards, Canadian SINs, IMEIs and others.
    static let luhn = Validator(name: "luhn", summary: "Luhn mod-10 check digit (ISO/IEC 7812-1)") { match in
        DigitChecks.withDigits(of: match) { DigitChecks.luhnValid($0) }
    }

    /// Payment card numbers: 13 to 19 digits, a major network's IIN range and length, Luhn-valid.
    ///
    /// Source: ISO/IEC 7812-1; IIN ranges as the networks publish them (Visa 4; Mastercard 51-55 and
    /// 2221-2720; Amex 34, 37; Discover 6011, 644-649, 65; JCB 3528-3589; Diners 300-305, 36, 38-39;
    /// UnionPay 62; Maestro 50, 56-69).
    static let paymentCard = Validator(
        name: "payment_card", summary: "card network IIN range and length, then Luhn"
    ) { match in
        DigitChecks.withDigits(of: match) { digits in
            guard (13...19).contains(digits.count) else { return false }
            var allSame = true
            for index in digits.indices where digits[index] != digits[0] {
                allSame = false
                break
            }
            if allSame { return false }
            guard PaymentCardRanges.isPlausible(digits) else { return false }
            return DigitChecks.luhnValid(digits)
        }
    }

    /// US Social Security numbers: area not 000, 666 or 900-999; group not 00; serial not 0000.
    ///
    /// Source: SSA, "Social Security Number Randomization" (2011) and POMS RM 10201.035.
    static let usaSSN = Validator(name: "usa_ssn", summary: "SSA area/group/serial rules") { match in
        DigitChecks.withDigits(of: match) { digits in
            guard digits.count == 9 else { return false }
            return isIssuableSSN(area: DigitChecks.number(digits, 0..<3), group: DigitChecks.number(digits, 3..<5),
                                 serial: DigitChecks.number(digits, 5..<9))
        }
    }

    /// The SSA rules on an SSN's parts.
    private static func isIssuableSSN(area: Int, group: Int, serial: Int) -> Bool {
        if area == 0 || area == 666 || area >= 900 { return false }
        if group == 0 || serial == 0 { return false }
        // Numbers the SSA voided after they were printed in advertising (078-05-1120, 219-09-9999).
        if area == 78 && group == 5 && serial == 1120 { return false }
        if area == 219 && group == 9 && serial == 9999 { return false }
        return true
    }

    /// IPv4 dotted quads (octets 0-255, no leading zeros) and IPv6 text forms.
    ///
    /// Source: RFC 791; RFC 4291 §2.2 (IPv6 text forms, `::` at most once, embedded IPv4 last).
    static let ipAddress = Validator(
        name: "ip_address", summary: "IPv4 octets 0-255; IPv6 group count and '::' rules"
    ) { match in
        IPAddressText.isValid(match)
    }
}

/// The card networks' issuer ranges, as first digits and allowed lengths.
enum PaymentCardRanges {
    static func isPlausible(_ digits: Span<UInt8>) -> Bool {
        let length = digits.count
        let prefix2 = DigitChecks.number(digits, 0..<2)
        let prefix3 = DigitChecks.number(digits, 0..<3)
        let prefix4 = DigitChecks.number(digits, 0..<4)
        switch digits[0] {
        case 4: return length == 13 || length == 16 || length == 19
        case 2: return (2221...2720).contains(prefix4) && length == 16
        case 5:
            if (51...55).contains(prefix2) { return length == 16 }
            return (prefix2 == 50 || prefix2 >= 56) && length >= 12
        case 3:
            if prefix2 == 34 || prefix2 == 37 { return length == 15 }
            if (3528...3589).contains(prefix4) { return length >= 16 }
            if (300...305).contains(prefix3) || prefix2 == 36 || prefix2 == 38 || prefix2 == 39 {
                return length >= 14
            }
            return false
        case 6: return length >= 16 || prefix2 >= 56
        default: return false
        }
    }
}
