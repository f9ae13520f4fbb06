/// The `any_literals` prefilter: whether a value contains at least one of a few byte strings.
///
/// For patterns that start with a fixed prefix (`eyJ` for a JWT, `xox` for a Slack token,
/// `-----BEGIN` for a private key): trigger bytes and lengths describe them badly, and a PCRE2
/// call on every long value with a dash costs more than looking for the prefix.
struct LiteralSet: Sendable {
    /// The literals, lowercased when `caseless`.
    private let literals: [[UInt8]]
    private let caseless: Bool
    /// The literals grouped by first byte, in order of first appearance: each group is found with
    /// one memchr scan for its byte (`AKIA`, `ASIA`, `ABIA`, `ACCA` and `A3T` share one, as do
    /// the six GitHub prefixes), not one scan per literal. Unused when `caseless`.
    private let groups: [Group]

    /// The literals that start with `first`.
    private struct Group: Sendable {
        let first: UInt8
        let literals: [[UInt8]]
    }

    /// An empty literal occurs in every value (rules files reject it; the API allows it).
    private let matchesEverything: Bool

    init(_ literals: [[UInt8]], caseless: Bool) {
        self.caseless = caseless
        self.literals = caseless ? literals.map { $0.map(CaseInsensitiveSearch.lower) } : literals
        matchesEverything = literals.contains { $0.isEmpty }
        var groups: [Group] = []
        for literal in literals {
            guard let first = literal.first else { continue }
            if let index = groups.firstIndex(where: { $0.first == first }) {
                groups[index] = Group(first: first, literals: groups[index].literals + [literal])
            } else {
                groups.append(Group(first: first, literals: [literal]))
            }
        }
        self.groups = groups
    }

    /// Whether any literal occurs in `value`.
    func occurs(in value: Span<UInt8>) -> Bool {
        if matchesEverything { return true }
        if caseless {
            for literal in literals where CaseInsensitiveSearch.contains(literal, in: value, from: 0, to: value.count) {
                return true
            }
            return false
        }
        for group in groups {
            var from = 0
            while let start = ByteSearch.firstIndex(of: group.first, in: value, from: from) {
                for literal in group.literals where Self.matches(literal, in: value, at: start) { return true }
                from = start + 1
            }
        }
        return false
    }

    /// Whether `literal` (whose first byte is at `start`) occurs at `start`.
    private static func matches(_ literal: [UInt8], in value: Span<UInt8>, at start: Int) -> Bool {
        guard start + literal.count <= value.count else { return false }
        var index = 1
        while index < literal.count && value[start + index] == literal[index] { index += 1 }
        return index == literal.count
    }
}
