/// The dots, colons and dashes of a value, counted in one pass for the `ip_address` and
/// `mac_address` gates, which both ask about them (a timestamp or a user agent meets both, and
/// each used to scan the value on its own).
struct SeparatorCensus: Equatable {
    var dots = 0
    var colons = 0
    var dashes = 0
    /// Two colons in a row (`::`).
    var doubleColon = false
    /// A dot whose previous dot is five bytes back (`0012.3456.789a`).
    var dotsFiveApart = false

    /// Values of 16 to 64 bytes (timestamps, user agents, addresses) are read as three bit masks
    /// (`ValueBits.dotsColonsDashes`), counted with popcounts and shifts; others byte by byte.
    /// Not inlined: inlined into `DetectorSet.detect` (whose size decides), the byte loop ran a
    /// third slower there.
    @inline(never)
    init(_ value: Span<UInt8>) {
        guard let bits = ValueBits.dotsColonsDashes(value) else {
            self = Self.byteByByte(value)
            return
        }
        dots = bits.dots.nonzeroBitCount
        colons = bits.colons.nonzeroBitCount
        dashes = bits.dashes.nonzeroBitCount
        doubleColon = bits.colons & bits.colons << 1 != 0
        // A dot five bytes after another, with none between.
        let between = bits.dots << 1 | bits.dots << 2 | bits.dots << 3 | bits.dots << 4
        dotsFiveApart = bits.dots & bits.dots << 5 & ~between != 0
    }

    init() {}

    /// The census read byte by byte (any length; the reference for the bit-mask reading).
    @inline(__always)
    static func byteByByte(_ value: Span<UInt8>) -> SeparatorCensus {
        var census = SeparatorCensus()
        var lastDot = -10
        var previousColon = false
        value.withUnsafeBufferPointer { bytes in
            // SAFETY: every read is at an index checked against `count` first.
            let count = bytes.count
            var index = 0
            while true {
                // Most bytes are none of the three: a tight loop skips them (one shift and test
                // each; digits, next to them in ASCII, made a range test take the slow path).
                let start = index
                while index < count && !Self.isCounted(bytes[index]) { index &+= 1 }
                if index != start { previousColon = false }
                guard index < count else { break }
                let byte = bytes[index]
                if byte == UInt8(ascii: ":") {
                    if previousColon { census.doubleColon = true }
                    census.colons &+= 1
                    previousColon = true
                } else {
                    previousColon = false
                    if byte == UInt8(ascii: "-") {
                        census.dashes &+= 1
                    } else {
                        census.dots &+= 1
                        if index &- lastDot == 5 { census.dotsFiveApart = true }
                        lastDot = index
                    }
                }
                index &+= 1
            }
        }
        return census
    }

    @inline(__always)
    private static func isCounted(_ byte: UInt8) -> Bool {
        byte < 0x40 && counted &>> UInt64(byte) & 1 != 0
    }

    /// Bits 0x2D (`-`), 0x2E (`.`) and 0x3A (`:`).
    private static let counted: UInt64 = 1 << 0x2D | 1 << 0x2E | 1 << 0x3A
}
