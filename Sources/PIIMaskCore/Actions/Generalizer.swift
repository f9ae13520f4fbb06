/// The generalize action: IPv4 to its /24 (`203.0.113.0`), IPv6 to its /48 (`2001:db8:85a3::`),
/// an ISO date or timestamp to its month (`2024-05`) or year, a number to a bucket (`30-39`).
enum Generalizer {
    /// Appends the generalized value; returns false (appending nothing) for a value of none of
    /// these kinds, which the caller then redacts.
    static func append(_ value: Span<UInt8>, options: Generalization, into output: inout [UInt8]) -> Bool {
        let bytes = Array(value)
        if IPAddressText.isIPv4(value, from: 0, to: value.count) {
            let lastDot = bytes.lastIndex(of: UInt8(ascii: "."))!
            output.append(contentsOf: bytes[...lastDot])
            output.append(UInt8(ascii: "0"))
            return true
        }
        if bytes.contains(UInt8(ascii: ":")), IPAddressText.isIPv6(value) {
            return appendIPv6Prefix(bytes, into: &output)
        }
        if isISODate(bytes) {
            output.append(contentsOf: bytes[0..<(options.datePrecision == .year ? 4 : 7)])
            return true
        }
        if let number = Double(String(decoding: bytes, as: UTF8.self)), number.isFinite, options.bucket > 0 {
            let width = Double(options.bucket)
            let lower = (number / width).rounded(.down) * width
            // Past 2^53 a Double no longer holds every whole number (and past Int.max converting
            // traps): such a value has no meaningful bucket and is redacted instead.
            guard abs(lower) + width <= 9_007_199_254_740_992 else { return false }
            output.append(contentsOf: "\(Int(lower))-\(Int(lower + width) - 1)".utf8)
            return true
        }
        return false
    }

    /// `YYYY-MM-DD` at the start, with a plausible month and day, alone or starting a timestamp.
    private static func isISODate(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return false }
        for index in [0, 1, 2, 3, 5, 6, 8, 9] where !(0x30...0x39).contains(bytes[index]) { return false }
        let month = Int(bytes[5] - 0x30) * 10 + Int(bytes[6] - 0x30)
        let day = Int(bytes[8] - 0x30) * 10 + Int(bytes[9] - 0x30)
        guard (1...12).contains(month), (1...31).contains(day) else { return false }
        return bytes.count == 10 || bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " ")
    }

    /// The first three groups of an IPv6 address, followed by `::`.
    private static func appendIPv6Prefix(_ bytes: [UInt8], into output: inout [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        let halves = text.split(separator: "::", omittingEmptySubsequences: false)
        var groups = halves[0].split(separator: ":", omittingEmptySubsequences: true).map(String.init)
        if halves.count == 2 {
            let tail = halves[1].split(separator: ":", omittingEmptySubsequences: true).count
            let missing = 8 - groups.count - tail - (halves[1].contains(".") ? 1 : 0)
            groups += Array(repeating: "0", count: max(0, missing))
            groups += halves[1].split(separator: ":").map(String.init)
        }
        guard groups.count >= 3 else { return false }
        output.append(contentsOf: (groups[0..<3].joined(separator: ":") + "::").utf8)
        return true
    }
}
