/// The `any_literals` prefilter: whether a value contains at least one of a few byte strings.
///
/// For patterns that start with a fixed prefix (`eyJ` for a JWT, `xox` for a Slack token,
/// `-----BEGIN` for a private key): trigger bytes and lengths describe them badly, and a PCRE2
/// call on every long value with a dash costs more than looking for the prefix.
struct LiteralSet: Sendable {
    /// The literals, lowercased when `caseless`.
    private let literals: [[UInt8]]
    private let caseless: Bool

    /// An empty literal occurs in every value (rules files reject it; the API allows it).
    private let matchesEverything: Bool

    init(_ literals: [[UInt8]], caseless: Bool) {
        self.caseless = caseless
        self.literals = caseless ? literals.map { $0.map(CaseInsensitiveSearch.lower) } : literals
        matchesEverything = literals.contains { $0.isEmpty }
    }

    /// Whether any literal occurs in `value`.
    func occurs(in value: Span<UInt8>) -> Bool {
        if matchesEverything { return true }
        for literal in literals where contains(literal, in: value) { return true }
        return false
    }

    private func contains(_ literal: [UInt8], in value: Span<UInt8>) -> Bool {
        caseless
            ? CaseInsensitiveSearch.contains(literal, in: value, from: 0, to: value.count)
            : ByteSearch.contains(literal, in: value)
    }
}
