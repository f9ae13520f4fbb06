#if canImport(Glibc)
import Glibc
#endif

extension ArraySlice<UInt8> {
    /// How many times `piece` occurs in these bytes, counting at most `limit`. With memchr and
    /// memcmp: the tests search thousands of values in every record, and a generic search is slow
    /// in debug builds.
    func occurrences(of piece: [UInt8], upTo limit: Int = .max) -> Int {
        guard let first = piece.first else { return 0 }
        return withUnsafeBytes { haystack in
            piece.withUnsafeBytes { needle in
                guard let base = haystack.baseAddress, haystack.count >= needle.count else { return 0 }
                let lastStart = haystack.count - needle.count
                var count = 0
                var offset = 0
                // SAFETY: memchr looks at most up to `lastStart`, and memcmp at `needle.count` bytes
                // from a start no later than it, so both stay within the haystack.
                while count < limit, offset <= lastStart,
                      let hit = memchr(base + offset, Int32(first), lastStart - offset + 1) {
                    let start = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + start, needle.baseAddress!, needle.count) == 0 { count += 1 }
                    offset = start + 1
                }
                return count
            }
        }
    }
}
