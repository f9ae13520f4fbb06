/// A set of keywords searched for all at once, ASCII case-insensitively, in one pass over a text.
///
/// Context-gated detectors ask "is any of my keywords near?" for values that are otherwise ready to
/// run, which is most values with a few digits. One caseless PCRE2 alternation of the library's
/// context words scanned byte by byte with every alternative and cost more than the detectors it gated,
/// and a table of first byte pairs hit on every hex id (`de`, `ba`, `ac` start keywords). So the
/// pass keeps a rolling window of the last three bytes, folded to lower case with `| 0x20`, and
/// tests its hash in a 64-Kibit filter of the words' first three bytes (8 KiB, in L1 cache): about
/// one false hit in a thousand windows, and whole words are compared only on a hit. Words shorter
/// than three bytes (none in the built-in library) are searched for one by one.
struct KeywordSet: Sendable {
    /// Bit `hash` is set for the first three bytes of every word of three bytes or more.
    private var filter: [UInt64]
    /// For each hash: 1 + the index in `groups` of the words whose first three bytes have it, or 0.
    private var slots: [UInt16]
    /// Words (lowercased bytes) grouped by the hash of their first three bytes.
    private var groups: [[[UInt8]]] = []
    /// Words of one or two bytes.
    private var shortWords: [[UInt8]] = []

    var isEmpty: Bool { groups.isEmpty && shortWords.isEmpty }

    init(_ words: [String]) {
        filter = [UInt64](repeating: 0, count: 1024)
        slots = [UInt16](repeating: 0, count: 65536)
        for word in words {
            // As `Detector.contextWords` does: Unicode lowercase, so that both find the same words.
            let bytes = Array(word.lowercased().utf8)
            guard bytes.count >= 3 else {
                if !bytes.isEmpty && !shortWords.contains(bytes) { shortWords.append(bytes) }
                continue
            }
            let hash = Self.hash(Self.window(bytes[0], bytes[1], bytes[2]))
            filter[hash >> 6] |= 1 << UInt64(hash & 63)
            if slots[hash] == 0 {
                groups.append([])
                slots[hash] = UInt16(groups.count)
            }
            let group = Int(slots[hash]) - 1
            if !groups[group].contains(bytes) { groups[group].append(bytes) }
        }
    }

    /// Whether any keyword occurs in `text`.
    func occurs(in text: Span<UInt8>) -> Bool {
        for word in shortWords where CaseInsensitiveSearch.contains(word, in: text, from: 0, to: text.count) { return true }
        let count = text.count
        guard count >= 3, !groups.isEmpty else { return false }
        return filter.withUnsafeBufferPointer { filter in
            text.withUnsafeBufferPointer { bytes in
                // SAFETY: `index < count`; `filter` has 1024 words, one bit per 16-bit hash.
                var window = UInt32(bytes[0] | 0x20) << 8 | UInt32(bytes[1] | 0x20)
                for index in 2..<count {
                    window = (window << 8 | UInt32(bytes[index] | 0x20)) & 0xFF_FFFF
                    let hash = Self.hash(window)
                    guard filter[hash >> 6] & (1 << UInt64(hash & 63)) != 0 else { continue }
                    if matchesWord(at: index - 2, slot: hash, in: text) { return true }
                }
                return false
            }
        }
    }

    /// Three bytes folded with `| 0x20` (lower case for letters; other bytes fold consistently,
    /// and `matchesWord` compares exactly).
    @inline(__always)
    private static func window(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt32 {
        UInt32(a | 0x20) << 16 | UInt32(b | 0x20) << 8 | UInt32(c | 0x20)
    }

    /// A 16-bit hash of a window (multiplicative: the top bits of the product).
    @inline(__always)
    private static func hash(_ window: UInt32) -> Int {
        Int((window &* 0x9E37_79B1) >> 16)
    }

    /// Whether a word whose first three bytes hash to `slot` starts at `start`.
    private func matchesWord(at start: Int, slot: Int, in text: Span<UInt8>) -> Bool {
        let group = Int(slots[slot])
        guard group > 0 else { return false }
        for word in groups[group - 1]
        where CaseInsensitiveSearch.contains(word, in: text, from: start, to: min(text.count, start + word.count)) {
            return true
        }
        return false
    }
}
