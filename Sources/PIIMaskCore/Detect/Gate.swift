/// A cheap check on a whole value, run before a detector's regex (a validator runs after it, on
/// each match). For shapes that trigger bytes describe badly: an IP address needs three dots, or
/// six colons, or a `::`, and a timestamp such as `2024-06-01T10:00:01.5Z`, which has dots and
/// colons, has none of these, so the IP regex never runs on it.
public struct Gate: Sendable {
    /// The name a pattern file uses in `prefilter.gate`.
    public let name: String
    let check: @Sendable (Span<UInt8>) -> Bool

    public init(name: String, check: @escaping @Sendable (Span<UInt8>) -> Bool) {
        self.name = name
        self.check = check
    }

    /// Whether the value can hold a match.
    public func admits(_ value: Span<UInt8>) -> Bool { check(value) }

    /// Every gate, by name.
    public static let registry: [String: Gate] = [
        "ip_address": .ipAddress,
        "mac_address": .macAddress,
    ]

    /// IPv4 needs three dots; IPv6 needs `::` or at least six colons (eight groups, or six and an
    /// IPv4 tail).
    static let ipAddress = Gate(name: "ip_address") { value in
        var dots = 0
        var colons = 0
        var previousColon = false
        for index in value.indices {
            let byte = value[index]
            if byte == UInt8(ascii: ".") {
                dots += 1
                if dots >= 3 { return true }
                previousColon = false
            } else if byte == UInt8(ascii: ":") {
                if previousColon { return true }
                colons += 1
                if colons >= 6 { return true }
                previousColon = true
            } else {
                previousColon = false
            }
        }
        return false
    }

    /// A MAC address has five colons or five dashes (six groups), or two dots (Cisco's
    /// `0012.3456.789a`).
    static let macAddress = Gate(name: "mac_address") { value in
        var dots = 0
        var colons = 0
        var dashes = 0
        for index in value.indices {
            switch value[index] {
            case UInt8(ascii: "."): dots += 1
            case UInt8(ascii: ":"): colons += 1
            case UInt8(ascii: "-"): dashes += 1
            default: continue
            }
            if dots >= 2 || colons >= 5 || dashes >= 5 { return true }
        }
        return false
    }
}
