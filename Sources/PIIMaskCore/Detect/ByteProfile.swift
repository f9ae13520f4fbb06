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

    /// A profile's trigger bits from the union of its bytes' entries.
    @inline(__always)
    static func triggers(ofEntries union: UInt64) -> UInt64 {
        union >> triggerShift & (1 << triggerBits - 1)
    }

    /// The trigger bytes of the specs, in ascending order.
    var triggerBytes: [UInt8] { bitForByte.keys.sorted() }

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
    /// leaves `index` at the stop byte. Slice by slice (`sumRun`).
    @inline(__always)
    func accumulate(_ bytes: Span<UInt8>, from index: inout Int, into sums: inout ProfileSums) {
        let count = bytes.count
        var position = index
        var run = (triggers: UInt64(0), sum: UInt64(0), stopped: false)
        withEntries { entries in
            bytes.withUnsafeBufferPointer { buffer in
                while true {
                    let end = Swift.min(count, position &+ Self.sliceLength)
                    run = Self.sumRun(buffer, entries, from: &position, to: end)
                    guard !run.stopped && end < count else { break }
                    sums.add(triggers: run.triggers, sum: run.sum)
                }
            }
        }
        index = position
        sums.add(triggers: run.triggers, sum: run.sum)
    }

    /// The profile of the bytes from `start` up to the first stop byte (or the end), and that
    /// byte's offset: `accumulate` for one value (a JSON string's content). When at most
    /// `sliceLength` bytes follow `start` (nearly always), the counts come from one sum, without
    /// the slices' bookkeeping.
    @inline(__always)
    func profileRun(_ bytes: Span<UInt8>, from start: Int) -> (profile: ByteProfile, stop: Int) {
        var position = start
        guard bytes.count &- start <= Self.sliceLength else {
            var sums = ProfileSums()
            accumulate(bytes, from: &position, into: &sums)
            return (sums.profile(length: position &- start), position)
        }
        let run = withEntries { entries in
            bytes.withUnsafeBufferPointer { buffer in
                Self.sumRun(buffer, entries, from: &position, to: buffer.count)
            }
        }
        var sums = ProfileSums()
        sums.add(triggers: run.triggers, sum: run.sum)
        return (sums.profile(length: position &- start), position)
    }

    /// The union and the sum of the entries of `buffer[position..<end]` up to the first stop byte
    /// (at most `sliceLength` bytes, so neither count overflows), leaving `position` at the stop
    /// byte or `end`. The scanners' inner loop: one table load per byte, two bytes a step. The
    /// step that meets a stop byte takes the byte before it without a branch, so a value costs
    /// the one mispredicted exit that a byte-at-a-time loop has too.
    @inline(__always)
    private static func sumRun(
        _ buffer: UnsafeBufferPointer<UInt8>, _ entries: UnsafeBufferPointer<UInt64>, from position: inout Int, to end: Int
    ) -> (triggers: UInt64, sum: UInt64, stopped: Bool) {
        // SAFETY: `position + 1 < end <= buffer.count` before every pair read and
        // `position < end` before the single read; `entries` has 256 entries.
        var triggers: UInt64 = 0
        var sum: UInt64 = 0
        while position &+ 1 < end {
            let first = entries[Int(buffer[position])]
            let second = entries[Int(buffer[position &+ 1])]
            if (first | second) >= stringSpecialBit {
                let keep: UInt64 = first < stringSpecialBit ? ~0 : 0
                triggers |= first & keep
                sum &+= first & keep
                position &+= Int(truncatingIfNeeded: keep & 1)
                return (triggers, sum, true)
            }
            triggers |= first | second
            sum &+= first &+ second
            position &+= 2
        }
        if position < end {
            // An odd byte before the end of the bytes or of a slice.
            let entry = entries[Int(buffer[position])]
            if entry >= stringSpecialBit { return (triggers, sum, true) }
            triggers |= entry
            sum &+= entry
            position &+= 1
        }
        return (triggers, sum, false)
    }

    /// Calls `body` with the 256 entries.
    @inline(__always)
    func withEntries<R>(_ body: (UnsafeBufferPointer<UInt64>) -> R) -> R {
        // SAFETY: the buffer has 256 entries, so every UInt8 indexes within it.
        entries.withUnsafeBufferPointer(body)
    }
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
            triggers: ByteProfileTable.triggers(ofEntries: triggers),
            digits: Int(counts >> 32), uppercase: Int(counts & 0xFFFF_FFFF), length: length)
    }
}
