/// What a value contains, computed in one pass so that detectors whose triggers are absent are
/// skipped without running their regex.
///
/// `ByteProfileTable` maps every byte to a 64-bit word: bit 63 marks a byte that stops a scanner's
/// plain run (JSON: quote, backslash, controls; CSV: its punctuation), bits 34-62 the trigger bytes
/// that the active detectors named (`prefilter.any_bytes`), and the low bits count: 1 << 17 for an
/// ASCII digit, 1 for a capital letter. Summed, the words count both in bits 0-33 (carries from
/// the trigger bits only go up): per byte one load, a sign test, one OR and one add. A run is
/// summed in slices of at most `sliceLength` bytes, so neither 17-bit count overflows.
struct ByteProfile: Equatable {
    /// The union of the trigger bits of every byte seen.
    var triggers: UInt64 = 0
    /// The number of ASCII digits.
    var digits: Int = 0
    /// The number of ASCII capital letters.
    var uppercase: Int = 0
    /// The value's length in bytes.
    var length: Int = 0
}

/// The byte-to-trigger table for one detector set.
struct ByteProfileTable: Sendable {
    /// Marks the bytes that end or interrupt a JSON string's plain run (`"`, `\`, controls), so
    /// the JSON scanner can profile while it scans. Never a trigger bit.
    static let stringSpecialBit: UInt64 = 1 << 63
    /// Counts ASCII digits (for `min_digits`), in bits 17-33 of a sum.
    static let digitUnit: UInt64 = 1 << 17
    /// Counts ASCII capital letters (for `min_uppercase`), in bits 0-16 of a sum.
    static let uppercaseUnit: UInt64 = 1
    /// A profile's trigger bits are 0..<triggerBits; an entry's are those shifted by `triggerShift`.
    static let triggerBits: UInt64 = 29
    static let triggerShift: UInt64 = 34
    /// The most bytes summed before the counts are taken out of the sum (under 1 << 17).
    static let sliceLength = 1 << 16
    private var entries: [UInt64]
    /// The bit assigned to each trigger byte.
    private var bitForByte: [UInt8: UInt64] = [:]

    /// Assigns bits to the trigger bytes of every spec. More than 29 distinct trigger bytes share
    /// bits, which only makes the filter looser, never wrong.
    init(specs: [PrefilterSpec]) {
        entries = [UInt64](repeating: 0, count: 256)
        for digit in UInt8(ascii: "0")...UInt8(ascii: "9") { entries[Int(digit)] = Self.digitUnit }
        for special in [0x22, 0x5C] + Array(0..<0x20) { entries[special] = Self.stringSpecialBit }
        for letter in UInt8(ascii: "A")...UInt8(ascii: "Z") { entries[Int(letter)] = Self.uppercaseUnit }
        var next: UInt64 = 0
        for spec in specs {
            for byte in spec.anyBytes where bitForByte[byte] == nil {
                let bit: UInt64 = 1 << (next % Self.triggerBits)
                bitForByte[byte] = bit
                entries[Int(byte)] |= bit << Self.triggerShift
                next += 1
            }
        }
    }

    /// The trigger mask of a spec: a value passes if it has any of these bits (or the mask is 0).
    func mask(for spec: PrefilterSpec) -> UInt64 {
        spec.anyBytes.reduce(0) { $0 | (bitForByte[$1] ?? 0) }
    }

    /// Profiles a value.
    func profile(_ value: Span<UInt8>) -> ByteProfile {
        var sums = ProfileSums()
        withEntries { table in
            var index = 0
            while index < value.count {
                let end = Swift.min(value.count, index + Self.sliceLength)
                var triggers: UInt64 = 0
                var sum: UInt64 = 0
                while index < end {
                    let entry = table[Int(value[index])] & ~Self.stringSpecialBit
                    triggers |= entry
                    sum &+= entry
                    index += 1
                }
                sums.add(triggers: triggers, sum: sum)
            }
        }
        return sums.profile(length: value.count)
    }

    /// The same table with `specials` as the bytes that stop a profiling scan (instead of JSON's
    /// quote, backslash and control characters): CSV uses its delimiter, quote, CR and LF.
    func withSpecials(_ specials: [UInt8]) -> ByteProfileTable {
        var copy = self
        for index in copy.entries.indices { copy.entries[index] &= ~Self.stringSpecialBit }
        for byte in specials { copy.entries[Int(byte)] |= Self.stringSpecialBit }
        return copy
    }

    /// Profiles `bytes` from `index` up to the first stop byte (or the end), adding to `sums`;
    /// leaves `index` at the stop byte. The scanners' inner loop: one table load per byte.
    @inline(__always)
    func accumulate(_ bytes: Span<UInt8>, from index: inout Int, into sums: inout ProfileSums) {
        let count = bytes.count
        var position = index
        var triggers: UInt64 = 0
        var sum: UInt64 = 0
        withEntries { entries in
            bytes.withUnsafeBufferPointer { buffer in
                // SAFETY: `position < end <= count` before every read; `entries` has 256 entries.
                while true {
                    let end = Swift.min(count, position &+ Self.sliceLength)
                    while position < end {
                        let entry = entries[Int(buffer[position])]
                        if entry >= Self.stringSpecialBit { break }
                        triggers |= entry
                        sum &+= entry
                        position &+= 1
                    }
                    guard position == end && end < count else { break }
                    sums.add(triggers: triggers, sum: sum)
                    (triggers, sum) = (0, 0)
                }
            }
        }
        index = position
        sums.add(triggers: triggers, sum: sum)
    }

    /// Calls `body` with the 256 entries.
    @inline(__always)
    func withEntries<R>(_ body: (UnsafeBufferPointer<UInt64>) -> R) -> R {
        // SAFETY: the buffer has 256 entries, so every UInt8 indexes within it.
        entries.withUnsafeBufferPointer(body)
    }

    /// The most digits in one run, where digits may be separated by one to three of ` -.()+`
    /// (`(202) 555-0143` is a run of 10; `2024-06-01T10:00` has runs of 8 and 4), and the most
    /// digits in a row with nothing between (3 and 4, 4 and 2 in those examples).
    ///
    /// Computed only for values that passed the cheaper digit count.
    func digitRuns(_ value: Span<UInt8>) -> DigitRuns {
        // Run by run: a tight loop skips the bytes between runs (most of a log line), then each
        // run is followed across its separators. A branch-free pass over every byte cost about
        // twenty instructions a byte.
        var runs = DigitRuns(bridged: 0, plain: 0)
        value.withUnsafeBufferPointer { bytes in
            // SAFETY: every read is at an index checked against `count` first.
            let count = bytes.count
            var index = 0
            while true {
                while index < count && !Self.isDigit(bytes[index]) { index &+= 1 }
                guard index < count else { break }
                let first = Self.digitsEnd(bytes, from: index) - index
                var run = first
                runs.plain = Swift.max(runs.plain, first)
                index &+= first
                while index < count {
                    var end = index
                    while end < count && end - index < 4 && Self.isRunSeparator(bytes[end]) { end &+= 1 }
                    guard end > index, end - index <= 3, end < count, Self.isDigit(bytes[end]) else { break }
                    let segment = Self.digitsEnd(bytes, from: end) - end
                    run &+= segment
                    runs.plain = Swift.max(runs.plain, segment)
                    index = end &+ segment
                }
                runs.bridged = Swift.max(runs.bridged, run)
            }
        }
        return runs
    }

    /// The most bytes in a row that are digits or ` -.()+`: a bound on every run `digitRuns`
    /// counts (a run is digits joined by those separators). Hex ids (`d13a5bf0da1b1950`) pass the
    /// digit count and then cost the run loop a mispredicted branch at nearly every byte; this
    /// bound turns most of them away first.
    ///
    /// A value of 16 to 64 bytes is classified sixteen bytes at a time into one bit per byte
    /// (the last block overlapping the one before), and the longest run of ones is found by
    /// shifting; others go byte by byte, without a branch per byte.
    func digitStretch(_ value: Span<UInt8>) -> Int {
        let count = value.count
        guard count >= 16 && count <= 64 else { return Self.digitStretchByByte(value) }
        var bits: UInt64 = 0
        var offset = 0
        while true {
            let at = Swift.min(offset, count - 16)
            // SAFETY: `0 <= at` and `at + 16 <= count`: the load lies inside the span.
            let block = value.bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: at, as: SIMD16<UInt8>.self)
            bits |= UInt64(Self.stretchBits(block)) << UInt64(at)
            if at == count - 16 { break }
            offset += 16
        }
        var longest = 0
        while bits != 0 {
            bits &= bits &<< 1
            longest += 1
        }
        return longest
    }

    /// One bit per byte of `block` (lane 0 in bit 0) that is a digit or one of ` -.()+`.
    @inline(__always)
    private static func stretchBits(_ block: SIMD16<UInt8>) -> UInt16 {
        // Vector constants as locals: a scalar operand compiles lane by lane.
        let zero = SIMD16<UInt8>(repeating: 0x30), ten = SIMD16<UInt8>(repeating: 10)
        let open = SIMD16<UInt8>(repeating: 0x28), minus = SIMD16<UInt8>(repeating: 0x2D)
        let two = SIMD16<UInt8>(repeating: 2)
        let space = SIMD16<UInt8>(repeating: 0x20), plus = SIMD16<UInt8>(repeating: 0x2B)
        let counted = ((block &- zero) .< ten) .| ((block &- open) .< two) .| ((block &- minus) .< two)
            .| (block .== space) .| (block .== plus)
        let words = unsafeBitCast(counted, to: SIMD2<UInt64>.self)
        return laneBits(UInt64(littleEndian: words[0])) | laneBits(UInt64(littleEndian: words[1])) << 8
    }

    /// The high bit of each byte of `word` gathered into eight bits, byte 0 in bit 0.
    @inline(__always)
    private static func laneBits(_ word: UInt64) -> UInt16 {
        UInt16(truncatingIfNeeded: ((word & 0x8080_8080_8080_8080) &* 0x0002_0408_1020_4081) >> 56)
    }

    /// `digitStretch` a byte at a time.
    static func digitStretchByByte(_ value: Span<UInt8>) -> Int {
        // Bit `b` for each byte `b` below 64 that counts: 0x20, ( ) + - . and the digits.
        let counted: UInt64 = 1 << 0x20 | 1 << 0x28 | 1 << 0x29 | 1 << 0x2B | 1 << 0x2D | 1 << 0x2E | 0x3FF << 0x30
        var run = 0
        var longest = 0
        value.withUnsafeBufferPointer { bytes in
            // SAFETY: `index` ranges over the buffer's indices.
            for index in 0..<bytes.count {
                let byte = UInt64(bytes[index])
                let inStretch = byte < 64 && (counted >> byte) & 1 != 0
                run = inStretch ? run &+ 1 : 0
                longest = Swift.max(longest, run)
            }
        }
        return longest
    }

    /// `digitRuns`, the same runs counted only from a word start (`DigitRuns.wordBridged`), and the
    /// digit groupings the `three_then_three_digits` and `usa_driving_license` gates ask about:
    /// for the sets that have detectors with `digit_run_at_word_start` or those gates.
    func digitRunsWithWordStarts(_ value: Span<UInt8>) -> DigitRuns {
        // Run by run rather than branch-free: the word-start test looks back from a run's first
        // digit, and a value's bytes between runs cost one test each. A bridged run is plain
        // segments joined by one to three separators; every segment after the first follows a
        // separator, so only the first one's start decides whether it counts from a word start.
        var runs = DigitRuns(bridged: 0, plain: 0)
        value.withUnsafeBufferPointer { bytes in
            // SAFETY: every read is at an index checked against `count` first.
            let count = bytes.count
            var index = 0
            while index < count {
                guard Self.isDigit(bytes[index]) else {
                    index += 1
                    continue
                }
                let first = Self.digitsEnd(bytes, from: index) - index
                let wordStart = Self.startsWord(bytes, at: index)
                if !runs.capitalThenDigits { runs.capitalThenDigits = Self.followsCapital(bytes, index, first) }
                index += first
                var run = first
                // The segment before a space or dash, for `threeThenThree`: none (0) when the run
                // does not start a word, so that its first segment does not count.
                var previous = wordStart ? first : 0
                runs.plain = Swift.max(runs.plain, first)
                if wordStart { runs.wordPlain = Swift.max(runs.wordPlain, first) }
                if first >= 6 && wordStart { runs.threeThenThree = true }
                while index < count {
                    var end = index
                    while end < count && end - index < 4 && Self.isRunSeparator(bytes[end]) { end += 1 }
                    guard end > index, end - index <= 3, end < count, Self.isDigit(bytes[end]) else { break }
                    let segment = Self.digitsEnd(bytes, from: end) - end
                    run += segment
                    runs.plain = Swift.max(runs.plain, segment)
                    runs.wordPlain = Swift.max(runs.wordPlain, segment)
                    if segment >= 6 || (previous >= 3 && segment >= 3 && end - index == 1 && Self.isSpaceOrDash(bytes[index])) {
                        runs.threeThenThree = true
                    }
                    previous = segment
                    index = end + segment
                }
                runs.bridged = Swift.max(runs.bridged, run)
                runs.wordBridged = Swift.max(runs.wordBridged, wordStart ? run : run - first)
            }
        }
        return runs
    }

    /// Whether the `length` digits at `start` (after a non-digit) follow a capital letter, directly
    /// or across one space or dash, and are four or more, or (directly) two or three and a dash.
    @inline(__always)
    private static func followsCapital(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int) -> Bool {
        guard start > 0 else { return false }
        let before = bytes[start - 1]
        if before &- UInt8(ascii: "A") < 26 {
            return length >= 4 || (length >= 2 && start + length < bytes.count && bytes[start + length] == UInt8(ascii: "-"))
        }
        return length >= 4 && start > 1 && isSpaceOrDash(before) && bytes[start - 2] &- UInt8(ascii: "A") < 26
    }

    @inline(__always)
    private static func isSpaceOrDash(_ byte: UInt8) -> Bool { byte == 0x20 || byte == UInt8(ascii: "-") }

    /// The index after the digits that start at `start`.
    @inline(__always)
    private static func digitsEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var end = start
        while end < bytes.count && isDigit(bytes[end]) { end += 1 }
        return end
    }

    /// Whether a digit at `index` (after a non-digit) starts a word or follows one or two letters
    /// that do: the byte before it is not `[0-9A-Za-z_]`, or letters are and the byte before
    /// them is not.
    @inline(__always)
    private static func startsWord(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        var letters = 0
        while letters < 3 && index - letters > 0 {
            let byte = bytes[index - letters - 1]
            if isLetter(byte) {
                letters += 1
            } else {
                return byte != 0x5F && !isDigit(byte)
            }
        }
        return letters < 3
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    @inline(__always)
    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }

    /// ` ` `(` `)` `+` `-` `.`: all in 0x20...0x2F, so one mask test.
    @inline(__always)
    static func isRunSeparator(_ byte: UInt8) -> Bool {
        byte & 0xF0 == 0x20 && (0x6B01 as UInt16) >> UInt16(byte & 0x0F) & 1 != 0
    }
}

/// A value's longest digit runs (see `ByteProfileTable.digitRuns`).
struct DigitRuns: Equatable {
    /// Digits separated by at most three of ` -.()+` at a time (`) (` in `+44 (20) (7946) 0958`).
    var bridged: Int
    /// Digits with nothing between.
    var plain: Int
    /// The same two, for runs that start at a word start: their first digit follows a byte other
    /// than `[0-9A-Za-z_]` (or the value's start), or one or two letters that follow one
    /// (`QQ123456C`, `X-1234567-L`; not the digits inside a hex id or after `u_`). Zero unless
    /// computed by `digitRunsWithWordStarts`.
    var wordBridged: Int = 0
    var wordPlain: Int = 0
    /// Three digits then three more, directly or across one space or dash (`123 456`, `123456`),
    /// the first three not in the first segment of a run that does not start a word (the digits
    /// inside a hex id, `b195060c`, do not count): as
    /// `(?:(?<![0-9A-Za-z_])|(?<=(?<![0-9A-Za-z_])[A-Za-z])|(?<=(?<![0-9A-Za-z_])[A-Za-z]{2}))[0-9]*[0-9]{3}[ -]?[0-9]{3}`
    /// finds. False unless computed by `digitRunsWithWordStarts`.
    var threeThenThree = false
    /// A capital letter followed by four digits (directly or across one space or dash), or
    /// directly by two or three digits and a dash: as `[A-Z][ -]?[0-9]{4}|[A-Z][0-9]{2,3}-` finds.
    /// False unless computed by `digitRunsWithWordStarts`.
    var capitalThenDigits = false
}

/// Running sums of a profile while a scanner walks a value.
struct ProfileSums {
    /// The union of the table entries seen (trigger bits from `ByteProfileTable.triggerShift` up).
    var triggers: UInt64 = 0
    /// Digits in the high 32 bits, capital letters in the low 32.
    var counts: UInt64 = 0

    /// Adds the union and the sum of the entries of at most `ByteProfileTable.sliceLength` bytes.
    @inline(__always)
    mutating func add(triggers union: UInt64, sum: UInt64) {
        triggers |= union
        counts &+= (sum >> 17 & 0x1_FFFF) << 32 | sum & 0x1_FFFF
    }

    /// The profile of a value of `length` bytes.
    func profile(length: Int) -> ByteProfile {
        ByteProfile(
            triggers: triggers >> ByteProfileTable.triggerShift & (1 << ByteProfileTable.triggerBits - 1),
            digits: Int(counts >> 32), uppercase: Int(counts & 0xFFFF_FFFF), length: length)
    }
}
