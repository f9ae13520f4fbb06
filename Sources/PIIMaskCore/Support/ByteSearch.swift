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

    /// The index of the first byte in `bytes[from...]` that is special inside a JSON string (a
    /// quote, a backslash or a control character below 0x20), or `bytes.count`.
    ///
    /// Sixteen bytes at a time with vector compares (SSE2 / NEON through `SIMD16`; the position of
    /// the first special byte comes from the compare's lane bits, `LaneMask`), then eight at a time
    /// (SWAR), then byte by byte. The vector constants are locals: broadcasts from statics, and
    /// `any()` on a mask (a lane-by-lane reduction), compile to much slower code.
    static func firstStringSpecial(in bytes: Span<UInt8>, from start: Int) -> Int {
        let count = bytes.count
        var index = start
        var found = -1
        bytes.withUnsafeBytes { raw in
            // SAFETY: every load reads 16 (or 8) bytes at `index` with `index + 16 <= count` (or 8).
            while index + 16 <= count {
                if let lane = firstStringSpecialLane(raw.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)) {
                    found = index + lane
                    return
                }
                index += 16
            }
            while index + 8 <= count {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                if SWAR.hasSpecial(word) { break }
                index += 8
            }
        }
        if found >= 0 { return found }
        while index < count {
            let byte = bytes[index]
            if byte == 0x22 || byte == 0x5C || byte < 0x20 { return index }
            index += 1
        }
        return count
    }
}

extension ByteSearch {
    /// The lane of the first byte special inside a JSON string (as in `firstStringSpecial`) among
    /// the 16 bytes at `index`, or 16 if there is none. Requires `index + 16 <= bytes.count`.
    ///
    /// Not inlined: inlined, its vector code made `JSONScanning.readKey` too big to inline.
    @inline(never)
    static func stringSpecialLane(in bytes: Span<UInt8>, at index: Int) -> Int {
        precondition(index >= 0 && index + 16 <= bytes.count, "a 16-byte block past the end")
        return bytes.withUnsafeBytes { raw in
            // SAFETY: the precondition keeps the 16 bytes at `index` inside the span.
            firstStringSpecialLane(raw.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)) ?? 16
        }
    }

    /// The lane of the first byte special inside a JSON string (as in `firstStringSpecial`) among
    /// `block`'s 16, or nil: for callers that load the block themselves (inlined, unlike
    /// `stringSpecialLane`).
    @inline(__always)
    static func firstStringSpecialLane(_ block: SIMD16<UInt8>) -> Int? {
        let quote = SIMD16<UInt8>(repeating: 0x22)
        let backslash = SIMD16<UInt8>(repeating: 0x5C)
        let space = SIMD16<UInt8>(repeating: 0x20)
        return firstLane((block .== quote) .| (block .== backslash) .| (block .< space))
    }

    /// `firstStringSpecial` for the short strings of most keys and values: the first sixteen
    /// bytes as one vector compare, inline, and only past them the search loop (a call). Within
    /// 16 bytes of the end, the first eight as one word (SWAR) first.
    @inline(__always)
    static func firstStringSpecialNear(in bytes: Span<UInt8>, from start: Int) -> Int {
        if start >= 0 && start + 16 <= bytes.count {
            // SAFETY: `0 <= start` and `start + 16 <= count`: the load lies inside the span.
            let block = bytes.bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: start, as: SIMD16<UInt8>.self)
            if let lane = firstStringSpecialLane(block) { return start + lane }
            return firstStringSpecial(in: bytes, from: start + 16)
        }
        guard start >= 0 && start + 8 <= bytes.count else { return firstStringSpecial(in: bytes, from: start) }
        let word = bytes.withUnsafeBytes { raw in
            // SAFETY: `0 <= start` and `start + 8 <= count`: the load lies inside the buffer.
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: start, as: UInt64.self))
        }
        let special = SWAR.specialBytes(word)
        if special != 0 { return start + special.trailingZeroBitCount >> 3 }
        return firstStringSpecial(in: bytes, from: start + 8)
    }

    /// The first true lane of a 16-byte comparison, or nil.
    @inline(__always)
    static func firstLane(_ mask: SIMDMask<SIMD16<Int8>>) -> Int? {
        let bits = LaneMask.bits(mask)
        return bits == 0 ? nil : bits.trailingZeroBitCount
    }

    /// The index of the first of `a`, `b`, `c` or `d` in `bytes[from...]`, or `bytes.count`: where
    /// an unquoted CSV field ends (its delimiter, a quote, CR or LF).
    ///
    /// Sixteen bytes at a time like `firstStringSpecial`, then byte by byte.
    static func firstIndex(ofAny a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, in bytes: Span<UInt8>, from start: Int) -> Int {
        let count = bytes.count
        var index = start
        var found = -1
        let vectorA = SIMD16<UInt8>(repeating: a)
        let vectorB = SIMD16<UInt8>(repeating: b)
        let vectorC = SIMD16<UInt8>(repeating: c)
        let vectorD = SIMD16<UInt8>(repeating: d)
        bytes.withUnsafeBytes { raw in
            // SAFETY: every load reads 16 bytes at `index` with `index + 16 <= count`.
            while index + 16 <= count {
                let block = raw.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
                let hits = (block .== vectorA) .| (block .== vectorB) .| (block .== vectorC) .| (block .== vectorD)
                if let lane = firstLane(hits) {
                    found = index + lane
                    return
                }
                index += 16
            }
        }
        if found >= 0 { return found }
        while index < count {
            let byte = bytes[index]
            if byte == a || byte == b || byte == c || byte == d { return index }
            index += 1
        }
        return count
    }
}

/// Byte-parallel tests on 64-bit words (the classic "has zero byte" trick).
enum SWAR {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Whether some byte of `word` is zero. Exact (no false positives when used on the whole word).
    @inline(__always)
    static func hasZeroByte(_ word: UInt64) -> Bool {
        (word &- ones) & ~word & highs != 0
    }

    /// Whether some byte of `word` is below `limit` (limit <= 128).
    @inline(__always)
    static func hasByteBelow(_ word: UInt64, _ limit: UInt8) -> Bool {
        (word &- ones &* UInt64(limit)) & ~word & highs != 0
    }

    /// Whether `word` holds a quote, a backslash or a control character.
    @inline(__always)
    static func hasSpecial(_ word: UInt64) -> Bool {
        hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C)) || hasByteBelow(word, 0x20)
    }

    /// The high bit of each byte of `word` that is a quote, a backslash or a control character,
    /// exact up to the first such byte (above it, a borrow may set more bits): so the lowest bit
    /// set, if any, marks the first special byte.
    @inline(__always)
    static func specialBytes(_ word: UInt64) -> UInt64 {
        func zeroBytes(_ word: UInt64) -> UInt64 { (word &- ones) & ~word & highs }
        return zeroBytes(word ^ (ones &* 0x22)) | zeroBytes(word ^ (ones &* 0x5C)) | ((word &- ones &* 0x20) & ~word & highs)
    }
}
