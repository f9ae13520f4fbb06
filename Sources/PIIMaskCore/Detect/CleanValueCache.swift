// Why this type exists
//
// Log fields repeat: a service sees a few dozen user agents, API paths, host and build names, each
// thousands of times, and those that hold digits and capitals pass the prefilters and cost their
// detector set a full run (with the whole library, up to a few thousand instructions for a
// browser's user agent). Detection is a pure function of the value and its field name, so one
// worker remembers the recent values it found clean and skips them when they come again. Only
// clean outcomes are kept (a value with matches is masked and counted as before), so the output
// and every statistic are the same with or without the cache.
//
// Many more values repeat in shape only: `2024-06-01T00:00:01.598Z`, `/api/v3/orders/12345`,
// `u_5645704`, `queue depth 4763 above threshold 750` differ from record to record in their digits.
// When the prefilters turned such a value away before any regex ran, and they look only at which
// bytes are digits (`DetectorSet.decidesByShape`), every value of the same shape (the same bytes,
// digits aside) is clean too: such an entry stores the shape and matches any value that has it.
// Entries are found by the hash of the shape either way; an exact entry compares bytes exactly.
//
// Values seen once (timestamps, trace ids) would evict the repeated ones, so a value is stored
// only the second time its hash is seen (a "doorkeeper" table of hashes decides). Lookups cost one
// hash of the value, sixteen bytes a step (digits folded to `0` in vector lanes), and, on a hit,
// one comparison of the stored bytes, sixteen at a time as well. Whole text lines and the cells
// of a customer table hardly ever repeat, so only JSON string values use it.

/// The values (with their field names) that one detector set recently found clean, for one worker.
///
/// A class over one block of memory, so that a lookup touches neither reference counts nor
/// array bounds: each slot is a header (the pair's hash, its lengths) and `maxBytes` bytes (the
/// field name, then the value), then the doorkeeper's hashes follow the slots. Not thread-safe:
/// one per `RecordMasker`.
final class CleanValueCache {
    /// Slots, direct-mapped by hash.
    static let slotCount = 512
    /// The doorkeeper's size: hashes seen once, direct-mapped.
    static let doorkeeperCount = 4096
    /// Longest field name plus value stored (longer pairs are never cached).
    static let maxBytes = 128
    /// A slot's size in bytes: hash, lengths, bytes.
    private static let slotBytes = 16 + maxBytes

    /// Whether the field name is part of the key (when a detector of the set has context words).
    let keyedByField: Bool
    /// The slots, then the doorkeeper. Zeroed: hash 0 marks an empty slot (hashes are never 0).
    private let memory: UnsafeMutableRawPointer
    private let doorkeeper: UnsafeMutablePointer<UInt64>

    init(keyedByField: Bool) {
        self.keyedByField = keyedByField
        let size = Self.slotCount * Self.slotBytes + Self.doorkeeperCount * 8
        memory = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        memory.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        doorkeeper = (memory + Self.slotCount * Self.slotBytes).assumingMemoryBound(to: UInt64.self)
    }

    deinit { memory.deallocate() }

    /// The key of `value` under `fieldName` (the hash of its shape), or nil when the pair is too
    /// long to cache.
    @inline(__always)
    func key(_ value: Span<UInt8>, fieldName: Span<UInt8>) -> Key? {
        let nameCount = keyedByField ? fieldName.count : 0
        guard nameCount + value.count <= Self.maxBytes else { return nil }
        var hash = Self.hash(value, seed: UInt64(truncatingIfNeeded: value.count) &* 0x9E37_79B9_7F4A_7C15)
        if nameCount > 0 { hash = Self.hash(fieldName, seed: hash ^ UInt64(truncatingIfNeeded: nameCount) << 40) }
        return Key(hash: hash | 1, lengths: UInt64(truncatingIfNeeded: nameCount) << 32 | UInt64(truncatingIfNeeded: value.count))
    }

    /// Whether the pair of `key` was stored as clean: its own bytes, or its shape.
    @inline(__always)
    func contains(_ key: Key, _ value: Span<UInt8>, fieldName: Span<UInt8>) -> Bool {
        // SAFETY: `slot` is below `slotCount`, so the slot's header and bytes lie in `memory`;
        // `key` admits only pairs of at most `maxBytes` bytes, so both comparisons stay inside.
        let slot = memory + (Int(truncatingIfNeeded: key.hash >> 32) & (Self.slotCount - 1)) * Self.slotBytes
        let lengths = slot.load(fromByteOffset: 8, as: UInt64.self)
        guard slot.load(as: UInt64.self) == key.hash, lengths & ~Self.shapeFlag == key.lengths else { return false }
        let nameCount = Int(key.lengths >> 32)
        return (nameCount == 0 || Self.equal(UnsafeRawPointer(slot + 16), fieldName, foldingDigits: false))
            && Self.equal(UnsafeRawPointer(slot + 16 + nameCount), value, foldingDigits: lengths & Self.shapeFlag != 0)
    }

    /// Records that the pair of `key` is clean (`byShape`: and so is every value of its shape):
    /// stored the second time its hash comes.
    @inline(__always)
    func insert(_ key: Key, _ value: Span<UInt8>, fieldName: Span<UInt8>, byShape: Bool) {
        // SAFETY: the doorkeeper index is below `doorkeeperCount`; the slot as in `contains`.
        let door = doorkeeper + (Int(truncatingIfNeeded: key.hash) & (Self.doorkeeperCount - 1))
        guard door.pointee == key.hash else {
            door.pointee = key.hash
            return
        }
        let slot = memory + (Int(truncatingIfNeeded: key.hash >> 32) & (Self.slotCount - 1)) * Self.slotBytes
        let nameCount = Int(key.lengths >> 32)
        if nameCount > 0 { Self.copy(fieldName, to: slot + 16, foldingDigits: false) }
        Self.copy(value, to: slot + 16 + nameCount, foldingDigits: byShape)
        slot.storeBytes(of: key.hash, as: UInt64.self)
        slot.storeBytes(of: key.lengths | (byShape ? Self.shapeFlag : 0), toByteOffset: 8, as: UInt64.self)
    }

    /// In a slot's lengths: the entry holds a shape (digits stored as `0`).
    private static let shapeFlag: UInt64 = 1 << 63

    /// A pair's hash and lengths.
    struct Key {
        let hash: UInt64
        let lengths: UInt64
    }

    /// The hash of the shape of `bytes` (its digits read as `0`): sixteen bytes at a time when it
    /// has that many, else eight (the last block overlaps the one before it), then mixed.
    @inline(__always)
    private static func hash(_ bytes: Span<UInt8>, seed: UInt64) -> UInt64 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var hash = seed
        bytes.withUnsafeBytes { raw in
            // SAFETY: every load reads 16 (or 8) bytes at an offset `o` with `o + 16 <= raw.count`
            // (or `o + 8`).
            let count = raw.count
            if count >= 16 {
                var offset = 0
                while true {
                    let at = min(offset, count - 16)
                    let words = unsafeBitCast(foldDigits(raw.loadUnaligned(fromByteOffset: at, as: SIMD16<UInt8>.self)),
                                              to: SIMD2<UInt64>.self)
                    hash = (hash ^ words[0]) &* multiplier
                    hash = (hash ^ words[1]) &* multiplier
                    if at == count - 16 { break }
                    offset += 16
                }
            } else if count >= 8 {
                hash = (hash ^ foldDigits(raw.loadUnaligned(as: UInt64.self))) &* multiplier
                hash = (hash ^ foldDigits(raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))) &* multiplier
            } else {
                var word: UInt64 = 0
                for index in 0..<count { word |= UInt64(raw[index]) << (8 * UInt64(index)) }
                hash = (hash ^ foldDigits(word)) &* multiplier
            }
        }
        return hash ^ hash >> 32
    }

    /// `bytes` with every ASCII digit replaced by `0`, sixteen lanes at once (the vector
    /// constants are locals: a scalar operand compiles lane by lane, see `ValueBits`).
    @inline(__always)
    static func foldDigits(_ bytes: SIMD16<UInt8>) -> SIMD16<UInt8> {
        let zero = SIMD16<UInt8>(repeating: 0x30), ten = SIMD16<UInt8>(repeating: 10)
        let lowNibble = SIMD16<UInt8>(repeating: 0x0F)
        let isDigit = unsafeBitCast((bytes &- zero) .< ten, to: SIMD16<UInt8>.self)
        return bytes & ~(isDigit & lowNibble)
    }

    /// `word` with every ASCII digit byte replaced by `0` (its low four bits cleared): a byte `b`
    /// is a digit when `b ^ 0x30` is below 10, tested in all eight lanes at once (no lane borrows
    /// from another, as each is at least 0x80 before the subtraction).
    @inline(__always)
    static func foldDigits(_ word: UInt64) -> UInt64 {
        let high: UInt64 = 0x8080_8080_8080_8080
        let offset = word ^ 0x3030_3030_3030_3030
        let digits = ~((offset | high) &- 0x0A0A_0A0A_0A0A_0A0A) & ~offset & high
        return word & ~((digits >> 7) &* 0x0F)
    }

    /// Whether the `bytes.count` bytes at `stored` equal `bytes` (with `foldingDigits`, `bytes`
    /// read with its digits as `0`): sixteen bytes at a time (or eight), the last block overlapping
    /// the one before it.
    @inline(__always)
    static func equal(_ stored: UnsafeRawPointer, _ bytes: Span<UInt8>, foldingDigits: Bool) -> Bool {
        bytes.withUnsafeBytes { raw in
            // SAFETY: the caller guarantees `raw.count` bytes at `stored`; every load reads 8
            // bytes at an offset `o` with `o + 8 <= raw.count`.
            let count = raw.count
            guard count >= 8 else {
                var word: UInt64 = 0
                var storedWord: UInt64 = 0
                for index in 0..<count {
                    word |= UInt64(raw[index]) << (8 * UInt64(index))
                    storedWord |= UInt64(stored.load(fromByteOffset: index, as: UInt8.self)) << (8 * UInt64(index))
                }
                return storedWord == (foldingDigits ? foldDigits(word) : word)
            }
            guard count >= 16 else {
                // 8 to 15 bytes: two words, the second overlapping the first.
                let first = raw.loadUnaligned(as: UInt64.self)
                let last = raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
                return stored.loadUnaligned(as: UInt64.self) == (foldingDigits ? foldDigits(first) : first)
                    && stored.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == (foldingDigits ? foldDigits(last) : last)
            }
            var offset = 0
            while true {
                let at = min(offset, count - 16)
                let block = raw.loadUnaligned(fromByteOffset: at, as: SIMD16<UInt8>.self)
                let storedBlock = stored.loadUnaligned(fromByteOffset: at, as: SIMD16<UInt8>.self)
                if LaneMask.bits(storedBlock .== (foldingDigits ? foldDigits(block) : block)) != 0xFFFF { return false }
                if at == count - 16 { return true }
                offset += 16
            }
        }
    }

    /// Copies `bytes` to `stored` (with `foldingDigits`, their digits as `0`).
    @inline(__always)
    private static func copy(_ bytes: Span<UInt8>, to stored: UnsafeMutableRawPointer, foldingDigits: Bool) {
        bytes.withUnsafeBytes { raw in
            // SAFETY: the caller guarantees room for `raw.count` bytes at `stored`.
            guard let base = raw.baseAddress else { return }
            stored.copyMemory(from: base, byteCount: raw.count)
            if foldingDigits {
                for index in 0..<raw.count where raw[index] &- UInt8(ascii: "0") < 10 {
                    stored.storeBytes(of: UInt8(ascii: "0"), toByteOffset: index, as: UInt8.self)
                }
            }
        }
    }
}
