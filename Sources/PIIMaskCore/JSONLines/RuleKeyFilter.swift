// Why this file exists
//
// With field rules only, most records of a log hold none of the fields the rules name: `user.email`
// is in one record of ten. Walking such a record with paths, frames and the rules' trie costs
// about 2,800 instructions more than just validating it, so the rule loop first validates the
// record with `JSONScanning.skipValue`, watching its keys, and walks it only when a key that a rule
// could need turns up (then from the start; nothing was written yet).
//
// When records keep holding a rule's key (a customer table where every record has the email
// field), the skip up to that key is wasted work, so after 8 such records in a row the skip rests
// for 64 records before it is tried again (`RuleKeySkipTrial`).
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

/// Whether to try the whole-record skip for the next record (see above): a per-worker streak
/// counter, so that a run whose records all hold a rule's key loses almost nothing to it.
struct RuleKeySkipTrial {
    /// Records in a row that the skip did not spare, and records left before it is tried again.
    private var misses = 0
    private var resting = 0
    static let missesBeforeRest = 8
    static let restLength = 64

    /// Whether to try the skip on this record.
    mutating func shouldTry() -> Bool {
        guard resting == 0 else {
            resting -= 1
            return false
        }
        return true
    }

    /// Notes whether the skip spared the record the walk.
    mutating func note(spared: Bool) {
        guard !spared else {
            misses = 0
            return
        }
        misses += 1
        if misses == Self.missesBeforeRest {
            misses = 0
            resting = Self.restLength
        }
    }
}
