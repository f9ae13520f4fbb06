/// The partial action: keep `keepLeft` and `keepRight` characters, mask the others with the mask
/// character; with an `only` class, mask only characters in it (so `4111-1111-1111-1234` with
/// `[0-9]` and right 4 becomes `****-****-****-1234`).
///
/// Counting follows AWS Glue's PARTIAL_REDACT: the kept counts are characters of the value,
/// separators included, and a value no longer than the kept counts comes out unchanged.
enum PartialMasking {
    static func apply(
        _ options: PartialMask, to value: Span<UInt8>, only: ByteClass?, scratch: RegexScratch, into output: inout [UInt8]
    ) {
        let starts = UTF8Characters.starts(value)
        let count = starts.count
        let maskBytes = Array(options.maskChar.utf8)
        for (position, start) in starts.enumerated() {
            let end = position + 1 < count ? starts[position + 1] : value.count
            let character = value.extracting(start..<end)
            let kept = position < options.keepLeft || position >= count - options.keepRight
            var masked = !kept
            if masked, let only { masked = only.contains(character, scratch: scratch) }
            if masked {
                output.append(contentsOf: maskBytes)
            } else {
                output.append(contentsOf: character)
            }
        }
    }
}
