#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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
// Values seen once (timestamps, trace ids) would evict the repeated ones, so a value is stored
// only the second time its hash is seen (a "doorkeeper" table of hashes decides). Lookups cost one
// word-at-a-time hash of the value and, on a hit, one comparison of the stored bytes. Whole text
// lines and the cells of a customer table hardly ever repeat, so only JSON string values use it.

/// The values (with their field names) that one detector set recently found clean, for one worker.
struct CleanValueCache {
    /// Slots, direct-mapped by hash.
    static let slotCount = 512
    /// The doorkeeper's size: hashes seen once, direct-mapped.
    static let doorkeeperCount = 4096
    /// Longest field name plus value stored (longer pairs are never cached).
    static let maxBytes = 128

    /// Whether the field name is part of the key (when a detector of the set has context words).
    let keyedByField: Bool
    /// Per slot: the pair's hash (0 for an empty slot; hashes are never 0).
    private var hashes: [UInt64]
    /// Per slot: the field name's length in the high 32 bits, the value's in the low 32.
    private var lengths: [UInt64]
    /// Per slot, `maxBytes` bytes: the field name, then the value.
    private var bytes: [UInt8]
    private var doorkeeper: [UInt64]

    init(keyedByField: Bool) {
        self.keyedByField = keyedByField
        hashes = [UInt64](repeating: 0, count: Self.slotCount)
        lengths = [UInt64](repeating: 0, count: Self.slotCount)
        bytes = [UInt8](repeating: 0, count: Self.slotCount * Self.maxBytes)
        doorkeeper = [UInt64](repeating: 0, count: Self.doorkeeperCount)
    }

    /// The key of `value` under `fieldName`, or nil when the pair is too long to cache.
    @inline(__always)
    func key(_ value: Span<UInt8>, fieldName: Span<UInt8>) -> Key? {
        let nameCount = keyedByField ? fieldName.count : 0
        guard nameCount + value.count <= Self.maxBytes else { return nil }
        var hash = Self.hash(value, seed: UInt64(truncatingIfNeeded: value.count) &* 0x9E37_79B9_7F4A_7C15)
        if nameCount > 0 { hash = Self.hash(fieldName, seed: hash ^ UInt64(truncatingIfNeeded: nameCount) << 40) }
        return Key(hash: hash | 1, lengths: UInt64(truncatingIfNeeded: nameCount) << 32 | UInt64(truncatingIfNeeded: value.count))
    }

    /// Whether the pair of `key` was stored as clean.
    @inline(__always)
    func contains(_ key: Key, _ value: Span<UInt8>, fieldName: Span<UInt8>) -> Bool {
        let slot = Int(truncatingIfNeeded: key.hash >> 32) & (Self.slotCount - 1)
        guard hashes[slot] == key.hash, lengths[slot] == key.lengths else { return false }
        let nameCount = Int(key.lengths >> 32)
        let base = slot * Self.maxBytes
        return bytes.withUnsafeBufferPointer { stored in
            // SAFETY: a slot holds `maxBytes` bytes from `base`, and `key` admits only pairs of at
            // most `maxBytes` bytes, so both comparisons read inside the slot.
            (nameCount == 0 || Self.equal(stored.baseAddress! + base, fieldName))
                && Self.equal(stored.baseAddress! + base + nameCount, value)
        }
    }

    /// Records that the pair of `key` is clean: stored the second time its hash comes.
    @inline(__always)
    mutating func insert(_ key: Key, _ value: Span<UInt8>, fieldName: Span<UInt8>) {
        let door = Int(truncatingIfNeeded: key.hash) & (Self.doorkeeperCount - 1)
        guard doorkeeper[door] == key.hash else {
            doorkeeper[door] = key.hash
            return
        }
        let slot = Int(truncatingIfNeeded: key.hash >> 32) & (Self.slotCount - 1)
        let nameCount = Int(key.lengths >> 32)
        let base = slot * Self.maxBytes
        bytes.withUnsafeMutableBufferPointer { stored in
            // SAFETY: as in `contains`, the pair fits in the slot's `maxBytes` bytes.
            if nameCount > 0 { Self.copy(fieldName, to: stored.baseAddress! + base) }
            Self.copy(value, to: stored.baseAddress! + base + nameCount)
        }
        hashes[slot] = key.hash
        lengths[slot] = key.lengths
    }

    /// A pair's hash and lengths.
    struct Key {
        let hash: UInt64
        let lengths: UInt64
    }

    /// Eight bytes at a time (the last word overlaps the one before it), then mixed.
    @inline(__always)
    private static func hash(_ bytes: Span<UInt8>, seed: UInt64) -> UInt64 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var hash = seed
        bytes.withUnsafeBytes { raw in
            // SAFETY: every load reads 8 bytes at an offset `o` with `o + 8 <= raw.count`.
            let count = raw.count
            if count >= 8 {
                var offset = 0
                while offset + 8 < count {
                    hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* multiplier
                    hash ^= hash >> 29
                    offset += 8
                }
                hash = (hash ^ raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)) &* multiplier
            } else {
                var word: UInt64 = 0
                for index in 0..<count { word |= UInt64(raw[index]) << (8 * UInt64(index)) }
                hash = (hash ^ word) &* multiplier
            }
        }
        return hash ^ hash >> 32
    }

    @inline(__always)
    private static func equal(_ stored: UnsafePointer<UInt8>, _ bytes: Span<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            // SAFETY: the caller guarantees `buffer.count` bytes at `stored`.
            buffer.isEmpty || memcmp(stored, buffer.baseAddress!, buffer.count) == 0
        }
    }

    @inline(__always)
    private static func copy(_ bytes: Span<UInt8>, to stored: UnsafeMutablePointer<UInt8>) {
        bytes.withUnsafeBufferPointer { buffer in
            // SAFETY: the caller guarantees room for `buffer.count` bytes at `stored`.
            if let base = buffer.baseAddress { stored.update(from: base, count: buffer.count) }
        }
    }
}
