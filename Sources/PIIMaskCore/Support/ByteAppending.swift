extension Array where Element == UInt8 {
    /// Appends every byte of `bytes` with one `memcpy`.
    ///
    /// `append(contentsOf:)` with a buffer goes through the generic sequence copy, about a hundred
    /// instructions a call before the copy itself; the CSV masker appends several short runs per
    /// record (the unchanged bytes before a changed field, then the field's new value).
    @inline(__always)
    mutating func appendBytes(_ bytes: Span<UInt8>) {
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
}
