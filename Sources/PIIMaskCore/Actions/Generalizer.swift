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

    /// The first three groups of an IPv6 address (`IPAddressText.isIPv6`: at most one `::`),
    /// followed by `::`; groups that the `::` stands for are written `0`. Works on the bytes (a
    /// `String.split` version cost some 30,000 instructions per address).
    private static func appendIPv6Prefix(_ bytes: [UInt8], into output: inout [UInt8]) -> Bool {
        let colon = UInt8(ascii: ":")
        /// The groups of `bytes[range]`, as ranges.
        func groups(in range: Range<Int>) -> [Range<Int>] {
            var found: [Range<Int>] = []
            var start = range.lowerBound
            for index in range.lowerBound...range.upperBound where index == range.upperBound || bytes[index] == colon {
                if index > start { found.append(start..<index) }
                start = index + 1
            }
            return found
        }
        let compression = bytes.indices.dropLast().first { bytes[$0] == colon && bytes[$0 + 1] == colon }
        // An empty range stands for a `0` group.
        var all = groups(in: 0..<(compression ?? bytes.count))
        if let compression {
            let tail = groups(in: (compression + 2)..<bytes.count)
            // An IPv4 tail (`::ffff:192.0.2.1`) stands for two groups.
            let ipv4 = bytes[(compression + 2)...].contains(UInt8(ascii: "."))
            all += Array(repeating: 0..<0, count: max(0, 8 - all.count - tail.count - (ipv4 ? 1 : 0))) + tail
        }
        guard all.count >= 3 else { return false }
        for (number, group) in all.prefix(3).enumerated() {
            if number > 0 { output.append(colon) }
            if group.isEmpty { output.append(UInt8(ascii: "0")) } else { output.append(contentsOf: bytes[group]) }
        }
        output.append(contentsOf: [colon, colon])
        return true
    }
}
