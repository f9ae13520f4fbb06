import Testing

@testable import PIIMaskCore

/// `generalize` on IPv6 addresses works on bytes; it must give what the earlier `String.split`
/// version gave (kept here as the reference) for every shape of address.
@Suite("Generalizer")
struct GeneralizerTests {
    /// The earlier implementation: the first three groups, the `::` expanded to `0` groups.
    static func reference(_ text: String) -> String? {
        let halves = text.split(separator: "::", omittingEmptySubsequences: false)
        var groups = halves[0].split(separator: ":", omittingEmptySubsequences: true).map(String.init)
        if halves.count == 2 {
            let tail = halves[1].split(separator: ":", omittingEmptySubsequences: true).count
            let missing = 8 - groups.count - tail - (halves[1].contains(".") ? 1 : 0)
            groups += Array(repeating: "0", count: max(0, missing))
            groups += halves[1].split(separator: ":").map(String.init)
        }
        guard groups.count >= 3 else { return nil }
        return groups[0..<3].joined(separator: ":") + "::"
    }

    static func generalized(_ text: String) -> String? {
        var output: [UInt8] = []
        let bytes = Array(text.utf8)
        guard Generalizer.append(bytes.span, options: Generalization(), into: &output) else { return nil }
        return String(decoding: output, as: UTF8.self)
    }

    /// Addresses of every shape: full, compressed anywhere (or all zeros), with an IPv4 tail, with
    /// leading zeros and capitals.
    static func addresses() -> [String] {
        var generator = SeededGenerator(seed: 6)
        let hex = Array("0123456789abcdefABCDEF")
        var addresses = ["::", "::1", "1::", "::ffff:192.0.2.1", "64:ff9b::198.51.100.7", "1:2:3:4:5:6:192.0.2.1"]
        for _ in 0..<2_000 {
            let groups = (0..<8).map { _ in
                String((0..<Int.random(in: 1...4, using: &generator)).map { _ in hex.randomElement(using: &generator)! })
            }
            let ipv4Tail = Bool.random(using: &generator)
            var parts = ipv4Tail ? Array(groups[0..<6]) + ["203.0.113.\(Int.random(in: 0...255, using: &generator))"] : groups
            if Bool.random(using: &generator) {
                // Compress a run of groups (possibly at either end) into `::`.
                let start = Int.random(in: 0..<parts.count, using: &generator)
                let end = Int.random(in: (start + 1)...min(parts.count, start + 8), using: &generator)
                let isTail = ipv4Tail && end == parts.count
                let head = parts[..<start].joined(separator: ":")
                let tail = isTail ? parts[(end - 1)...].joined(separator: ":") : parts[end...].joined(separator: ":")
                addresses.append(head + "::" + tail)
                continue
            }
            parts = parts.count == 8 || ipv4Tail ? parts : groups
            addresses.append(parts.joined(separator: ":"))
        }
        return addresses
    }

    @Test func ipv6PrefixesMatchTheStringVersion() {
        var checked = 0
        for address in Self.addresses() where IPAddressText.isIPv6(Array(address.utf8).span) {
            #expect(Self.generalized(address) == Self.reference(address), "\(address)")
            checked += 1
        }
        #expect(checked > 1_500)
    }
}
