/// One bit per byte of a value of at most 64 bytes (byte `i` in bit `i`) for a class of bytes,
/// classified sixteen bytes at a time with vector compares (SSE2 / NEON through `SIMD16`), the last
/// block overlapping the one before. Runs of the class are then found with shifts and bit counts
/// instead of a branch per byte (see DigitRuns.swift).
enum ValueBits {
    /// The longest value classified; longer ones are read byte by byte by the callers.
    static let maxCount = 64

    /// The ASCII digits of `value`, or nil when it is longer than `maxCount`.
    @inline(__always)
    static func digits(_ value: Span<UInt8>) -> UInt64? {
        gather(value, byte: { $0 &- 0x30 < 10 }) { block in
            // Vector constants as locals: a scalar operand compiles lane by lane.
            let zero = SIMD16<UInt8>(repeating: 0x30), ten = SIMD16<UInt8>(repeating: 10)
            return (block &- zero) .< ten
        }
    }

    /// The ASCII digits and the run separators ` -.()+` of `value`, or nil when it is longer than
    /// `maxCount`.
    @inline(__always)
    static func digitsAndSeparators(_ value: Span<UInt8>) -> UInt64? {
        gather(value, byte: { $0 &- 0x30 < 10 || ByteProfileTable.isRunSeparator($0) }) { block in
            let zero = SIMD16<UInt8>(repeating: 0x30), ten = SIMD16<UInt8>(repeating: 10)
            let open = SIMD16<UInt8>(repeating: 0x28), minus = SIMD16<UInt8>(repeating: 0x2D)
            let two = SIMD16<UInt8>(repeating: 2)
            let space = SIMD16<UInt8>(repeating: 0x20), plus = SIMD16<UInt8>(repeating: 0x2B)
            return ((block &- zero) .< ten) .| ((block &- open) .< two) .| ((block &- minus) .< two)
                .| (block .== space) .| (block .== plus)
        }
    }

    /// The ASCII letters of `value`, or nil when it is longer than `maxCount`.
    @inline(__always)
    static func letters(_ value: Span<UInt8>) -> UInt64? {
        gather(value, byte: { ($0 | 0x20) &- 0x61 < 26 }) { block in
            let caseBit = SIMD16<UInt8>(repeating: 0x20), a = SIMD16<UInt8>(repeating: 0x61)
            let twentySix = SIMD16<UInt8>(repeating: 26)
            return ((block | caseBit) &- a) .< twentySix
        }
    }

    /// The dots, colons and dashes of `value` as three masks, in one pass; nil when it is shorter
    /// than 16 bytes (a byte loop is as quick) or longer than `maxCount`.
    @inline(__always)
    static func dotsColonsDashes(_ value: Span<UInt8>) -> (dots: UInt64, colons: UInt64, dashes: UInt64)? {
        let count = value.count
        guard count >= 16 && count <= maxCount else { return nil }
        let dot = SIMD16<UInt8>(repeating: 0x2E), colon = SIMD16<UInt8>(repeating: 0x3A)
        let dash = SIMD16<UInt8>(repeating: 0x2D)
        var dots: UInt64 = 0, colons: UInt64 = 0, dashes: UInt64 = 0
        var offset = 0
        while true {
            let at = Swift.min(offset, count &- 16)
            // SAFETY: `0 <= at` and `at + 16 <= count`: the load lies inside the span.
            let block = value.bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: at, as: SIMD16<UInt8>.self)
            dots |= LaneMask.bits(block .== dot) << UInt64(at)
            colons |= LaneMask.bits(block .== colon) << UInt64(at)
            dashes |= LaneMask.bits(block .== dash) << UInt64(at)
            if at == count &- 16 { return (dots, colons, dashes) }
            offset &+= 16
        }
    }

    /// Whether some run of set bits is at least `length` long.
    @inline(__always)
    static func hasRun(_ bits: UInt64, of length: Int) -> Bool {
        var rest = bits
        var covered = 1
        // Each step keeps the bits that start a run twice as long (or up to `length`).
        while covered < length && rest != 0 {
            let step = Swift.min(covered, length - covered)
            rest &= rest >> UInt64(step)
            covered += step
        }
        return rest != 0
    }

    /// The length of the longest run of set bits.
    @inline(__always)
    static func longestRun(_ bits: UInt64) -> Int {
        var rest = bits
        var length = 0
        while rest != 0 {
            rest &= rest &<< 1
            length &+= 1
        }
        return length
    }

    /// The index of the first set bit at or after `index`, or `count` if none.
    @inline(__always)
    static func next(_ bits: UInt64, from index: Int, count: Int) -> Int {
        let rest = index < 64 ? bits >> UInt64(index) : 0
        return rest == 0 ? count : Swift.min(count, index &+ rest.trailingZeroBitCount)
    }

    /// The index after the run of set bits that starts at `index` (at most `count`).
    @inline(__always)
    static func runEnd(_ bits: UInt64, from index: Int, count: Int) -> Int {
        let rest = index < 64 ? ~bits >> UInt64(index) : 0
        return Swift.min(count, index &+ rest.trailingZeroBitCount)
    }

    /// The bits of the bytes that `classify` (sixteen at a time) or `byte` (one at a time, for
    /// values under 16 bytes) admits.
    @inline(__always)
    private static func gather(
        _ value: Span<UInt8>, byte: (UInt8) -> Bool, classify: (SIMD16<UInt8>) -> SIMDMask<SIMD16<Int8>>
    ) -> UInt64? {
        let count = value.count
        guard count <= maxCount else { return nil }
        var bits: UInt64 = 0
        guard count >= 16 else {
            for index in 0..<count where byte(value[index]) { bits |= 1 << UInt64(index) }
            return bits
        }
        var offset = 0
        while true {
            let at = Swift.min(offset, count &- 16)
            // SAFETY: `0 <= at` and `at + 16 <= count`: the load lies inside the span.
            let block = value.bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: at, as: SIMD16<UInt8>.self)
            bits |= LaneMask.bits(classify(block)) << UInt64(at)
            if at == count &- 16 { return bits }
            offset &+= 16
        }
    }
}
