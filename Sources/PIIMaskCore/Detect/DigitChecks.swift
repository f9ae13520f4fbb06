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

    /// Calls `body` with the digit values of `bytes` (as `digits(of:)`) in a buffer on the stack:
    /// the universal validators run on every look-alike, and a record whose look-alikes all fail
    /// must not allocate.
    static func withDigits<R>(of bytes: Span<UInt8>, limit: Int = 64, _ body: (Span<UInt8>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: limit + 1) { buffer in
            // SAFETY: at most `limit + 1` bytes are written, and only the written prefix is read.
            var count = 0
            for index in bytes.indices {
                let byte = bytes[index]
                if byte &- 0x30 < 10 {
                    buffer[count] = byte &- 0x30
                    count += 1
                    if count > limit { break }
                }
            }
            return body(UnsafeBufferPointer(rebasing: buffer[0..<count]).span)
        }
    }

    /// The Luhn (mod 10) check used by payment cards, Canadian SINs and others.
    static func luhnValid(_ digits: [UInt8]) -> Bool { luhnValid(digits.span) }

    /// The Luhn check over digit values.
    static func luhnValid(_ digits: Span<UInt8>) -> Bool {
        guard digits.count >= 2 else { return false }
        var sum = 0
        var double = false
        var index = digits.count - 1
        while index >= 0 {
            var value = Int(digits[index])
            if double {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
            double.toggle()
            index -= 1
        }
        return sum % 10 == 0
    }
}

extension DigitChecks {
    /// The decimal number spelled by a few digit values (at most 18 of them).
    static func number(_ digits: ArraySlice<UInt8>) -> Int {
        digits.reduce(0) { $0 * 10 + Int($1) }
    }

    /// The decimal number spelled by `digits[range]`.
    static func number(_ digits: Span<UInt8>, _ range: Range<Int>) -> Int {
        var value = 0
        for index in range { value = value * 10 + Int(digits[index]) }
        return value
    }
}
