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
    /// One-byte words, by byte (rare; kept for completeness).
    private var singles: Set<UInt8> = []

    var isEmpty: Bool { groups.isEmpty && singles.isEmpty }

    init(_ words: [String]) {
        pairs = [UInt16](repeating: 0, count: 65536)
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
        var previous = CaseInsensitiveSearch.lower(text[0])
        for index in 1..<count {
            let current = CaseInsensitiveSearch.lower(text[index])
            let group = Int(pairs[Int(previous) << 8 | Int(current)])
            if group != 0 {
                for word in groups[group - 1]
                where CaseInsensitiveSearch.contains(word, in: text, from: index - 1, to: min(count, index - 1 + word.count)) {
                    return true
                }
            }
            previous = current
        }
        return false
    }
}
