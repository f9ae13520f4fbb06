// Why this file exists
//
// With field rules only, most records of a log hold none of the fields the rules name: `user.email`
// is in one record of ten. Walking such a record with paths, frames and the rules' trie costs
// about 2,800 instructions more than just validating it, so the rule loop first validates the
// record with `JSONScanning.skipValue`, watching its keys, and walks it only when a key that a rule
// could need turns up (then from the start; nothing was written yet).
//
// Each rule contributes one literal key of its selector: every literal key of a rule's path must
// be in a record the rule matches, and the last is usually the rarest. A key written with escapes
// could spell any of them, so it stops the skip too. A selector with no literal key (`**`, `[0]`)
// turns the filter off.

/// The keys whose presence sends a record under field rules through the full walk (see above).
struct RuleKeyFilter: KeyWatch, Sendable {
    /// One literal key per rule, deduplicated.
    private let keys: [[UInt8]]
    /// The union of the keys' `KeyHash.filterBits`, so that most keys are dismissed by one test.
    private let filter: UInt64

    /// The filter for `selectors`, or nil when some selector has no literal key.
    init?(_ selectors: [Selector]) {
        var keys: [[UInt8]] = []
        for selector in selectors {
            guard case .key(let name)? = selector.segments.last(where: { if case .key = $0 { true } else { false } }) else {
                return nil
            }
            let key = Array(name.utf8)
            if !keys.contains(key) { keys.append(key) }
        }
        guard !keys.isEmpty else { return nil }
        self.keys = keys
        filter = keys.reduce(0) { $0 | KeyHash.filterBits($1.span) }
    }

    /// Whether the walk must look at a record holding this key: one of the rules' keys, or any
    /// key written with escapes.
    @inline(__always)
    func stops(at key: Span<UInt8>, escaped: Bool) -> Bool {
        if escaped { return true }
        let bits = KeyHash.filterBits(key)
        guard filter & bits == bits else { return false }
        for candidate in keys where KeyHash.equal(candidate, key) { return true }
        return false
    }
}
