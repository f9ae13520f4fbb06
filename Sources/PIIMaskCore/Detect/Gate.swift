/// A cheap check on a whole value, run before a detector's regex (a validator runs after it, on
/// each match). For shapes that trigger bytes describe badly: an IP address needs three dots, or
/// six colons, or a `::`, and a timestamp such as `2024-06-01T10:00:01.5Z`, which has dots and
/// colons, has none of these, so the IP regex never runs on it.
public struct Gate: Sendable {
    /// The name a pattern file uses in `prefilter.gate`.
    public let name: String
    let kind: Kind
    /// What the gate reads (stored, so `DetectorSet` branches on it without a switch on `kind`).
    let input: Input
    /// Whether the gate tells one digit from another (most see only that a byte is a digit).
    let readsDigitValues: Bool

    init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
        input = switch kind {
        case .threeThenThreeDigits, .usaDrivingLicense, .capitalThenDigits: .digitRuns
        case .ipAddress, .macAddress: .separators
        default: .bytes
        }
        readsDigitValues = kind == .digitThenCapital
    }

    /// The built-in checks (a closure per gate cost a retain and release per call).
    enum Kind: Sendable {
        case ipAddress, macAddress, italyFiscalCode, twoLettersThenDigit, franceINSEECode, letterBesideDigit
        case threeThenThreeDigits, usaDrivingLicense, fortyBase64Characters, digitThenCapital
        case sevenDigitsThenLetter, capitalThenDigits, sixCapitals
    }

    /// What a gate reads: the value's bytes, or facts that `DetectorSet` works out once per value
    /// and shares: its digit runs (which the run-by-run pass finds at little extra cost) or its
    /// separator counts.
    enum Input: Sendable { case bytes, digitRuns, separators }

    /// Whether a value with these runs (from `ByteProfileTable.digitRunsWithWordStarts`) can hold
    /// a match, for a gate whose `input` is `.digitRuns`.
    ///
    /// Three digits then three more, directly or across one space or dash, is how an Australian
    /// TFN (`123 456 782`) and several US licence formats are grouped; every US driving licence
    /// format of the pattern has that or a capital followed by digits (`D1234567`, `S530-...`).
    /// A timestamp (`2024-06-01T00:00`), a version or a short number in a path
    /// (`/reviews/32794`) has neither, and both identifiers start a word, which the digits inside
    /// a hex trace id do not. Both detectors need a context word, and without these gates
    /// every timestamp and API path was searched for one.
    ///
    /// A capital letter directly followed by four digits is in every UK driving licence (the last
    /// capital of its first five characters, then the digits up to the birth date) and every
    /// Indian PAN (`ABCPE1234F`); a user agent (`Gecko/20100101`) or `DELETE /api/v3/orders/12345`
    /// has none.
    func admits(runs: DigitRuns) -> Bool {
        switch kind {
        case .threeThenThreeDigits: runs.threeThenThree
        case .usaDrivingLicense: runs.threeThenThree || runs.capitalThenDigits
        case .capitalThenDigits: runs.capitalThenDigits
        default: true
        }
    }

    /// Whether a value with these separators can hold a match, for a gate whose `input` is
    /// `.separators`.
    ///
    /// IPv4 needs three dots; IPv6 needs `::` or at least six colons (eight groups, or six and an
    /// IPv4 tail). A MAC address has five colons or five dashes (six groups), or two dots five
    /// bytes apart (Cisco's `0012.3456.789a`; a version such as `2.31.0` has its dots closer).
    func admits(separators: SeparatorCensus) -> Bool {
        switch kind {
        case .ipAddress: separators.dots >= 3 || separators.colons >= 6 || separators.doubleColon
        case .macAddress: separators.colons >= 5 || separators.dashes >= 5 || separators.dotsFiveApart
        default: true
        }
    }

    /// Whether the value can hold a match, for a gate whose `input` is `.bytes`.
    func admits(_ value: Span<UInt8>) -> Bool {
        switch kind {
        case .italyFiscalCode: Self.italyFiscalCode(value)
        case .twoLettersThenDigit: Self.twoLettersThenDigit(value)
        case .franceINSEECode: Self.franceINSEECode(value)
        case .letterBesideDigit: Self.letterBesideDigit(value)
        case .fortyBase64Characters: Self.fortyBase64Characters(value)
        case .digitThenCapital: Self.digitThenCapital(value)
        case .sevenDigitsThenLetter: Self.sevenDigitsThenLetter(value)
        case .sixCapitals: Self.sixCapitals(value)
        case .threeThenThreeDigits, .usaDrivingLicense, .capitalThenDigits, .ipAddress, .macAddress: true
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
        "three_then_three_digits": Gate(name: "three_then_three_digits", kind: .threeThenThreeDigits),
        "usa_driving_license": Gate(name: "usa_driving_license", kind: .usaDrivingLicense),
        "forty_base64_characters": Gate(name: "forty_base64_characters", kind: .fortyBase64Characters),
        "digit_then_capital": Gate(name: "digit_then_capital", kind: .digitThenCapital),
        "capital_then_digits": Gate(name: "capital_then_digits", kind: .capitalThenDigits),
        "six_capitals": Gate(name: "six_capitals", kind: .sixCapitals),
        "seven_digits_then_letter": Gate(name: "seven_digits_then_letter", kind: .sevenDigitsThenLetter),
    ]

    // The gates below read with `[unchecked:]`: each index is checked against `count` in its
    // loop condition, and they run on most values of a long record, so bounds checks would
    // double their cost.

    /// An Italian fiscal code is a word of exactly 16 letters and digits, the first six letters
    /// (a hex span id or a timestamp has no such word).
    private static func italyFiscalCode(_ value: Span<UInt8>) -> Bool {
        // Six letters in a row first (by the value's letter bits, or a probe every six bytes):
        // hex ids and timestamps have none.
        if let letters = ValueBits.letters(value) {
            guard ValueBits.hasRun(letters, of: 6) else { return false }
        } else {
            guard hasRun(of: 6, in: value, where: isLetter) else { return false }
        }
        let count = value.count
        var probe = 15
        while probe < count {
            // Every word of 16 bytes covers exactly one probe (probes are 16 apart, and restart
            // 16 past the end of a word that failed). From a probe, the word's end fixes where it
            // must start; its six letters are checked before the bytes between (hex ids fail there).
            guard isWordByte(value[unchecked: probe]) else {
                probe += 16
                continue
            }
            var end = probe + 1
            while end < count && end - probe <= 16 && isWordByte(value[unchecked: end]) { end += 1 }
            let start = end - 16
            if end - probe <= 16 && start >= 0 && (start == 0 || !isWordByte(value[unchecked: start - 1])) {
                var index = start
                while index < start + 6 && isLetter(value[unchecked: index]) { index += 1 }
                if index == start + 6 {
                    while index < probe && isWordByte(value[unchecked: index]) { index += 1 }
                    if index >= probe { return true }
                }
            }
            // Skip the rest of this word: the next one starts after its end.
            while end < count && isWordByte(value[unchecked: end]) { end += 1 }
            probe = end + 16
        }
        return false
    }

    /// Two letters, then a digit, directly or after one space or dash: how a UK National
    /// Insurance number (`QQ 12 34 56 C`) and an IBAN (`DE89 3704 ...`) begin.
    private static func twoLettersThenDigit(_ value: Span<UInt8>) -> Bool {
        let count = value.count
        var index = 0
        while true {
            // Letter run by letter run: a tight loop skips the bytes between.
            while index < count && !isLetter(value[unchecked: index]) { index += 1 }
            guard index < count else { return false }
            var end = index + 1
            while end < count && isLetter(value[unchecked: end]) { end += 1 }
            if end - index >= 2 && end < count {
                let byte = value[unchecked: end]
                if isDigit(byte) { return true }
                if isSpaceOrDash(byte) && end + 1 < count && isDigit(value[unchecked: end + 1]) {
                    return true
                }
            }
            index = end
        }
    }

    /// A French INSEE code has eight digits that only single spaces may separate
    /// (`... 078 006 084 36`), whatever its department (`2A`, `2B`) is, and they start after a
    /// byte other than `[0-9A-Za-z_/]` (its pattern's look-behind), a space or the department's
    /// letter: `Gecko/20100101` in a user agent does not.
    private static func franceINSEECode(_ value: Span<UInt8>) -> Bool {
        // Most values that get here (timestamps, ids) have no space, and then the code's eight
        // digits are in a row: one search for a space and one probe every eight bytes turn them
        // away before the digit-by-digit pass.
        if ByteSearch.firstIndex(of: 0x20, in: value, from: 0) == nil && !hasRun(of: 8, in: value, where: isDigit) {
            return false
        }
        let count = value.count
        var index = 0
        while true {
            // Digit run by digit run: a tight loop skips the bytes between.
            while index < count && !isDigit(value[unchecked: index]) { index += 1 }
            guard index < count else { return false }
            // Counting from a digit after a border or after the `A` or `B` of a department
            // (`269052B00400166`); a digit after a space is one too, so a sequence that started
            // after `/` counts from its first space on. Plain digits are counted by a tight loop,
            // then one space may join the next ones; where the sequence starts is looked at only
            // once it has eight digits (most runs are shorter).
            let start = index
            var digits = 0
            // The digits after the sequence's first space (-1 before it).
            var afterSpace = -1
            while true {
                let first = index
                while index < count && isDigit(value[unchecked: index]) { index += 1 }
                digits += index - first
                if afterSpace >= 0 { afterSpace += index - first }
                if digits >= 8 && (afterSpace >= 8 || start == 0 || Self.insee(after: value[unchecked: start - 1])) {
                    return true
                }
                guard index + 1 < count && value[unchecked: index] == 0x20 && isDigit(value[unchecked: index + 1]) else { break }
                if afterSpace < 0 { afterSpace = 0 }
                index += 1
            }
        }
    }

    /// Whether eight digits of an INSEE code may follow `byte`: one other than `[0-9A-Za-z_/]`,
    /// or the letter of department `2A` or `2B`.
    @inline(__always)
    private static func insee(after byte: UInt8) -> Bool {
        !(isWordByte(byte) || byte == UInt8(ascii: "/")) || (byte | 0x20) &- UInt8(ascii: "a") < 2
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
            if kind == 0 && isSpaceOrDash(byte) {
                beforeSeparator = previous
            } else {
                beforeSeparator = 0
            }
            previous = kind
            index += 1
        }
        return false
    }

    /// Seven digits in a row, then a letter that ends a word, directly or after one space or dash
    /// (`X1234567L`, `12345678-Z`, `S1234567D`): how a Spanish DNI or NIE and a Singapore NRIC
    /// end, and what `Gecko/20100101 Firefox` in a user agent or a card number before a word
    /// does not have.
    private static func sevenDigitsThenLetter(_ value: Span<UInt8>) -> Bool {
        let count = value.count
        var index = 0
        while true {
            // Digit run by digit run: a tight loop skips the bytes between.
            while index < count && !isDigit(value[unchecked: index]) { index += 1 }
            guard index < count else { return false }
            let start = index
            while index < count && isDigit(value[unchecked: index]) { index += 1 }
            guard index - start >= 7 && index < count else { continue }
            var letter = index
            let byte = value[unchecked: index]
            if isSpaceOrDash(byte) && index + 1 < count { letter = index + 1 }
            if isLetter(value[unchecked: letter]) && (letter + 1 == count || !isWordByte(value[unchecked: letter + 1])) {
                return true
            }
        }
    }

    /// Six capital letters in a row: how a SWIFT code begins (`DEUTDEFF`), and what a user agent
    /// (`CPU iPhone OS 17_2 like Mac OS X`) or a hex id does not have.
    private static func sixCapitals(_ value: Span<UInt8>) -> Bool {
        hasRun(of: 6, in: value, where: isCapital)
    }

    /// Forty bytes in a row of `[0-9A-Za-z+/]`: the length of an AWS secret access key, which a
    /// message or a user agent (words between spaces) does not have.
    private static func fortyBase64Characters(_ value: Span<UInt8>) -> Bool {
        hasRun(of: 40, in: value, where: isBase64)
    }

    /// Whether `value` has `length` bytes in a row that `accepts`. Every such run covers one
    /// probe (probes are `length` apart, and restart `length` past the end of a shorter run), so
    /// a value without one mostly costs one test per `length` bytes.
    @inline(__always)
    private static func hasRun(of length: Int, in value: Span<UInt8>, where accepts: (UInt8) -> Bool) -> Bool {
        let count = value.count
        var probe = length - 1
        while probe < count {
            guard accepts(value[unchecked: probe]) else {
                probe += length
                continue
            }
            var start = probe
            while start > 0 && probe - start < length && accepts(value[unchecked: start - 1]) { start -= 1 }
            var end = probe + 1
            while end < count && end - start < length && accepts(value[unchecked: end]) { end += 1 }
            if end - start >= length { return true }
            probe = end + length
        }
        return false
    }

    /// A digit 1-9 that starts a word (after a byte other than `[0-9A-Za-z_-]`) followed by a
    /// capital letter: how a US Medicare Beneficiary Identifier begins (`1EG4-TE5-MK73`), and what
    /// a user agent (`Mozilla/5.0 (X11; ...`) does not have.
    private static func digitThenCapital(_ value: Span<UInt8>) -> Bool {
        let count = value.count
        var index = 0
        while index + 1 < count {
            let byte = value[unchecked: index]
            if byte &- UInt8(ascii: "1") < 9 && value[unchecked: index + 1] &- UInt8(ascii: "A") < 26 {
                if index == 0 { return true }
                let before = value[unchecked: index - 1]
                if !(isDigit(before) || isLetter(before) || before == 0x5F || before == UInt8(ascii: "-")) { return true }
            }
            index += 1
        }
        return false
    }

    /// `[0-9A-Za-z+/]`
    @inline(__always)
    private static func isBase64(_ byte: UInt8) -> Bool {
        isDigit(byte) || isLetter(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/")
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    /// The one byte that may separate the parts of several identifiers (`QQ 12`, `12345678-Z`).
    @inline(__always)
    private static func isSpaceOrDash(_ byte: UInt8) -> Bool { byte == 0x20 || byte == UInt8(ascii: "-") }

    @inline(__always)
    private static func isCapital(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "A") < 26 }

    @inline(__always)
    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }

    /// `[0-9A-Za-z_]`: the bytes the patterns' look-arounds treat as part of a word.
    @inline(__always)
    private static func isWordByte(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) || byte == 0x5F }
}
