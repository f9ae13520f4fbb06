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

    init(_ value: Span<UInt8>) {
        var lastDot = -10
        var previousColon = false
        value.withUnsafeBufferPointer { bytes in
            // SAFETY: `index` runs over the buffer's indices.
            for index in bytes.indices {
                let byte = bytes[index]
                // `-` 0x2D, `.` 0x2E and `:` 0x3A; every other byte ends a `::`.
                guard byte &- 0x2D <= 0x3A - 0x2D else {
                    previousColon = false
                    continue
                }
                switch byte {
                case UInt8(ascii: "."):
                    dots &+= 1
                    if index &- lastDot == 5 { dotsFiveApart = true }
                    lastDot = index
                    previousColon = false
                case UInt8(ascii: ":"):
                    if previousColon { doubleColon = true }
                    colons &+= 1
                    previousColon = true
                case UInt8(ascii: "-"):
                    dashes &+= 1
                    previousColon = false
                default:
                    previousColon = false
                }
            }
        }
    }
}
