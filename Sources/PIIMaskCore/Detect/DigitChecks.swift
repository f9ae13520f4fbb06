/// Helpers that validators share: the ASCII digits of a match, with separators skipped.
enum DigitChecks {
    /// The values 0...9 of the ASCII digits in `bytes`, in order, skipping every other byte.
    ///
    /// Stops after `limit + 1` digits, so a long run costs no more than an identifier. Validators
    /// run only on pattern matches, so this one small array per candidate is off the common path.
    static func digits(of bytes: Span<UInt8>, limit: Int = 64) -> [UInt8] {
        var digits: [UInt8] = []
        digits.reserveCapacity(24)
        for index in bytes.indices {
            let byte = bytes[index]
            if byte >= 0x30 && byte <= 0x39 {
                digits.append(byte &- 0x30)
                if digits.count > limit { break }
            }
        }
        return digits
    }

    /// The Luhn (mod 10) check used by payment cards, Canadian SINs and others.
    static func luhnValid(_ digits: [UInt8]) -> Bool {
        guard digits.count >= 2 else { return false }
        var sum = 0
        var double = false
        for digit in digits.reversed() {
            var value = Int(digit)
            if double {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
            double.toggle()
        }
        return sum % 10 == 0
    }
}

extension DigitChecks {
    /// The decimal number spelled by a few digit values (at most 18 of them).
    static func number(_ digits: ArraySlice<UInt8>) -> Int {
        digits.reduce(0) { $0 * 10 + Int($1) }
    }
}
