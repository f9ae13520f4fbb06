extension Array where Element == UInt8 {
    /// Appends every byte of `bytes` with one `memcpy`.
    ///
    /// `append(contentsOf:)` with a buffer goes through the generic sequence copy, about a hundred
    /// instructions a call before the copy itself; the maskers append several short runs per
    /// record (the unchanged bytes before a changed value, then the value's new bytes).
    @inline(__always)
    mutating func append(contentsOf bytes: Span<UInt8>) {
        let count = bytes.count
        guard count > 0 else { return }
        append(addingCapacity: count) { output in
            output.withUnsafeMutableBufferPointer { buffer, initialized in
                bytes.withUnsafeBufferPointer { source in
                    // SAFETY: `buffer` is the `count` uninitialized bytes just reserved, and
                    // `source` holds `count` bytes.
                    buffer.baseAddress!.initialize(from: source.baseAddress!, count: count)
                }
                initialized = count
            }
        }
    }

    /// Appends `first`, then `second`, reserving room for both at once.
    @inline(__always)
    mutating func append(contentsOf first: Span<UInt8>, _ second: Span<UInt8>) {
        let firstCount = first.count
        let total = firstCount + second.count
        guard total > 0 else { return }
        append(addingCapacity: total) { output in
            output.withUnsafeMutableBufferPointer { buffer, initialized in
                // SAFETY: `buffer` is the `total` uninitialized bytes just reserved; `first` fills
                // its first `firstCount`, `second` the rest.
                first.withUnsafeBufferPointer { source in
                    if firstCount > 0 { buffer.baseAddress!.initialize(from: source.baseAddress!, count: firstCount) }
                }
                second.withUnsafeBufferPointer { source in
                    if total > firstCount { (buffer.baseAddress! + firstCount).initialize(from: source.baseAddress!, count: total - firstCount) }
                }
                initialized = total
            }
        }
    }

    /// A copy of a span's bytes.
    init(_ span: Span<UInt8>) {
        self = span.withUnsafeBufferPointer { Array($0) }
    }
}
