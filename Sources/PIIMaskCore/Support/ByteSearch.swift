#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Finding bytes fast: libc's memchr (vectorized) behind a safe, span-based API.
enum ByteSearch {
    /// The index of the first `byte` in `bytes[from...]`, or nil.
    static func firstIndex(of byte: UInt8, in bytes: Span<UInt8>, from: Int) -> Int? {
        guard from < bytes.count else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> Int? in
            // SAFETY: `from < buffer.count`, so the searched range lies inside the buffer.
            let base = buffer.baseAddress!
            guard let found = memchr(base + from, Int32(byte), buffer.count - from) else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// The index of the last `byte` in `bytes[..<before]`, or nil.
    static func lastIndex(of byte: UInt8, in bytes: Span<UInt8>, before: Int) -> Int? {
        var index = min(before, bytes.count) - 1
        while index >= 0 {
            if bytes[index] == byte { return index }
            index -= 1
        }
        return nil
    }
}
