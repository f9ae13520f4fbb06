// Why this file exists
//
// Many detectors need a run of digits (a card number, a phone number, an id) and most values that
// pass the digit count have none: timestamps, hex trace ids, version strings. Counting runs is the
// prefilters' costliest step. For values of up to 64 bytes it works on the value's digit bits
// (`ValueBits`), jumping from run to run instead of testing every byte: in hex ids, digits and
// letters alternate at random, and the byte-by-byte loop mispredicted a branch at nearly every
// byte. The JSON loops first try a cheaper bound, the longest stretch of digits and separators
// (`DetectorSet.runsRuleOut`), which turns away ids before any lookup; inside `detect` the same
// bound cost more than it saved, since values that reach it mostly have the runs.

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

extension ByteProfileTable {
    /// The most digits in one run, where digits may be separated by one to three of ` -.()+`
    /// (`(202) 555-0143` is a run of 10; `2024-06-01T10:00` has runs of 8 and 4), and the most
    /// digits in a row with nothing between (3 and 4, 4 and 2 in those examples).
    ///
    /// Computed only for values that passed the cheaper digit count.
    func digitRuns(_ value: Span<UInt8>) -> DigitRuns {
        Self.walkRuns(value, wordStarts: false)
    }

    /// `digitRuns`, the same runs counted only from a word start (`DigitRuns.wordBridged`), and the
    /// digit groupings the `three_then_three_digits` and `usa_driving_license` gates ask about:
    /// for the sets that have detectors with `digit_run_at_word_start` or those gates.
    func digitRunsWithWordStarts(_ value: Span<UInt8>) -> DigitRuns {
        Self.walkRuns(value, wordStarts: true)
    }

    /// The most bytes in a row that are digits or ` -.()+`: a bound on every run `digitRuns`
    /// counts (a run is digits joined by those separators), cheaper to find than the runs. Only
    /// for values of up to 64 bytes (`ValueBits`); longer ones (text lines) get `Int.max`, no
    /// bound: byte by byte, it cost about what counting the runs does.
    func digitStretch(_ value: Span<UInt8>) -> Int {
        guard let bits = ValueBits.digitsAndSeparators(value) else { return Int.max }
        return ValueBits.longestRun(bits)
    }

    /// The walk of `digitRuns` and, with `wordStarts`, of `digitRunsWithWordStarts`: inlined into
    /// each with a constant flag, so the plain walk carries none of the word-start bookkeeping.
    @inline(__always)
    private static func walkRuns(_ value: Span<UInt8>, wordStarts: Bool) -> DigitRuns {
        // Run by run: the value's digit bits lead from one digit run to the next (byte by byte
        // under 16 or over 64 bytes), then each run is followed across its separators. A
        // branch-free pass over every byte cost about twenty instructions a byte. The word-start
        // test looks back from a run's first digit. A bridged run is plain segments joined by
        // one to three separators; every segment after the first follows a separator, so only
        // the first one's start decides whether it counts from a word start.
        var runs = DigitRuns(bridged: 0, plain: 0)
        let digits = digitBits(value)
        value.withUnsafeBufferPointer { bytes in
            // SAFETY: every read is at an index checked against `count` first.
            let count = bytes.count
            var index = 0
            while true {
                index = nextDigit(bytes, from: index, digits: digits)
                guard index < count else { break }
                let first = digitsEnd(bytes, from: index, digits: digits) - index
                let wordStart = wordStarts && startsWord(bytes, at: index)
                if wordStarts && !runs.capitalThenDigits { runs.capitalThenDigits = followsCapital(bytes, index, first) }
                index &+= first
                var run = first
                // The segment before a space or dash, for `threeThenThree`: none (0) when the run
                // does not start a word, so that its first segment does not count.
                var previous = wordStart ? first : 0
                runs.plain = Swift.max(runs.plain, first)
                if wordStart {
                    runs.wordPlain = Swift.max(runs.wordPlain, first)
                    if first >= 6 { runs.threeThenThree = true }
                }
                while index < count {
                    var end = index
                    while end < count && end - index < 4 && isRunSeparator(bytes[end]) { end &+= 1 }
                    guard end > index, end - index <= 3, end < count, isDigit(bytes[end]) else { break }
                    let segment = digitsEnd(bytes, from: end, digits: digits) - end
                    run &+= segment
                    runs.plain = Swift.max(runs.plain, segment)
                    if wordStarts {
                        runs.wordPlain = Swift.max(runs.wordPlain, segment)
                        if segment >= 6 || (previous >= 3 && segment >= 3 && end - index == 1 && isSpaceOrDash(bytes[index])) {
                            runs.threeThenThree = true
                        }
                        previous = segment
                    }
                    index = end &+ segment
                }
                runs.bridged = Swift.max(runs.bridged, run)
                if wordStarts { runs.wordBridged = Swift.max(runs.wordBridged, wordStart ? run : run - first) }
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

    /// The digit bits of a value of 16 to 64 bytes, the lengths whose classes take one vector
    /// compare per 16 bytes; shorter values are cheaper to walk byte by byte.
    @inline(__always)
    private static func digitBits(_ value: Span<UInt8>) -> UInt64? {
        value.count >= 16 ? ValueBits.digits(value) : nil
    }

    /// The index of the first digit at or after `index` (or `bytes.count`): from the value's
    /// digit bits when it has them (`ValueBits.digits`), else byte by byte.
    @inline(__always)
    private static func nextDigit(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int, digits: UInt64?) -> Int {
        if let digits { return ValueBits.next(digits, from: index, count: bytes.count) }
        var next = index
        while next < bytes.count && !isDigit(bytes[next]) { next &+= 1 }
        return next
    }

    /// The index after the digits that start at `start`, found like `nextDigit`.
    @inline(__always)
    private static func digitsEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, digits: UInt64?) -> Int {
        if let digits { return ValueBits.runEnd(digits, from: start, count: bytes.count) }
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
