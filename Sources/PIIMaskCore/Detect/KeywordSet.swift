/// A set of keywords searched for all at once, ASCII case-insensitively, in one pass over a text.
///
/// Context-gated detectors ask "is any of my keywords near?" for values that are otherwise ready to
/// run. One caseless PCRE2 alternation of 40 words scans byte by byte with every alternative and
/// cost more than the detectors it gated, so this looks up each pair of adjacent bytes in a table
/// of the words' first two bytes and compares whole words only on a hit.
struct KeywordSet: Sendable {
    /// For each pair of (lowercased) bytes `a << 8 | b`: 1 + the index in `groups` of the words
    /// starting with them, or 0.
    private var pairs: [UInt16]
    /// Words (lowercased bytes) grouped by their first two bytes.
    private var groups: [[[UInt8]]] = []
    /// A bloom filter of the words' first three bytes (lowercased): common letter pairs such as
    /// "de" or "si" start keywords too, and the third byte rules most of them out.
    private var triples: [UInt64]
    /// One-byte words, by byte (rare; kept for completeness).
    private var singles: Set<UInt8> = []

    var isEmpty: Bool { groups.isEmpty && singles.isEmpty }

    init(_ words: [String]) {
        pairs = [UInt16](repeating: 0, count: 65536)
        triples = [UInt64](repeating: 0, count: 1024)
        for word in words {
            let bytes = word.utf8.map(CaseInsensitiveSearch.lower)
            guard let first = bytes.first else { continue }
            guard bytes.count >= 2 else {
                singles.insert(first)
                continue
            }
            let pair = Int(first) << 8 | Int(bytes[1])
            if pairs[pair] == 0 {
                groups.append([])
                pairs[pair] = UInt16(groups.count)
            }
            let group = Int(pairs[pair]) - 1
            if !groups[group].contains(bytes) { groups[group].append(bytes) }
            let triple = Self.tripleHash(pair, bytes.count > 2 ? bytes[2] : nil)
            triples[triple >> 6] |= 1 << UInt64(triple & 63)
        }
    }

    /// Whether any keyword occurs in `text`.
    func occurs(in text: Span<UInt8>) -> Bool {
        let count = text.count
        guard count > 0 else { return false }
        if !singles.isEmpty {
            for index in text.indices where singles.contains(CaseInsensitiveSearch.lower(text[index])) { return true }
        }
        guard count >= 2 else { return false }
        // One table load per byte: `pairs` is indexed by the previous and current byte, lowercased.
        let hit: Int? = pairs.withUnsafeBufferPointer { pairs in
            text.withUnsafeBufferPointer { bytes in
                // SAFETY: indices stay below `count`; `pairs` has 65536 entries, one per byte pair.
                var previous = Int(CaseInsensitiveSearch.lower(bytes[0])) << 8
                for index in 1..<count {
                    let current = Int(CaseInsensitiveSearch.lower(bytes[index]))
                    let pair = previous | current
                    previous = current << 8
                    guard pairs[pair] != 0 else { continue }
                    let next = index + 1 < count ? CaseInsensitiveSearch.lower(bytes[index + 1]) : nil
                    let triple = Self.tripleHash(pair, next)
                    // A two-byte word matches whatever follows, so it is always in the filter under nil.
                    let twoByte = Self.tripleHash(pair, nil)
                    guard triples[triple >> 6] & (1 << UInt64(triple & 63)) != 0
                        || triples[twoByte >> 6] & (1 << UInt64(twoByte & 63)) != 0
                    else { continue }
                    if matchesWord(at: index - 1, group: Int(pairs[pair]) - 1, in: text) { return index }
                }
                return nil
            }
        }
        return hit != nil
    }

    /// The bloom filter slot of a word's first two bytes and third byte (nil: a two-byte word).
    @inline(__always)
    private static func tripleHash(_ pair: Int, _ third: UInt8?) -> Int {
        ((pair &* 0x9E37) ^ (third.map { Int($0) &* 0x2F1 + 1 } ?? 0)) & 0xFFFF
    }

    /// Whether a word of `group` starts at `start`.
    private func matchesWord(at start: Int, group: Int, in text: Span<UInt8>) -> Bool {
        for word in groups[group]
        where CaseInsensitiveSearch.contains(word, in: text, from: start, to: min(text.count, start + word.count)) {
            return true
        }
        return false
    }
}
