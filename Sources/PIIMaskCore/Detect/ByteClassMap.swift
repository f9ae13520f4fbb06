// Why this file exists
//
// The JSON loop profiles every string value it reads: its digits, capital letters, trigger bytes
// and where it ends. Byte by byte (`ByteProfileTable.profileRun`) that is a table load per byte and
// one mispredicted loop exit per value. This map classifies a whole record first, 32 bytes a step
// with AVX2 compares (`piimask_classify`), into four bit masks per 64 bytes; a value's profile is
// then a few shifts, masks and bit counts over the one or two words it spans, and its end is the
// first set bit of the stop mask. On 8 MB of JSON Lines: 138.2M instructions against 145.9M.
//
// What did not pay: SSE2 (three instructions a byte to classify: slower than the byte loop, so
// without AVX2 the map is off), and reading each value from one unaligned 64-bit window of each
// mask instead of word by word (more instructions: the two bit counts no longer share a vector).

import CByteClass

/// Bit masks of one record's byte classes, 64 bytes per word: the bytes that stop a JSON string's
/// plain run (quote, backslash, control characters), ASCII digits, ASCII capital letters, and the
/// trigger bytes of a `ByteProfileTable`. Classified by `piimask_classify` (C, AVX2).
struct ByteClassMap {
    /// Whether this processor runs the classifier (AVX2). Without it the JSON loop profiles
    /// byte by byte, which is then the faster way.
    static let kernelAvailable = piimask_classify_available() != 0
    /// The most trigger bytes a map classifies; a table with more is profiled byte by byte.
    static let maxTriggerBytes = 4
    /// The longest record worth a map: longer ones are profiled byte by byte, so that the map's
    /// memory stays small (32 KiB, allocated by the first `classify`: CSV, text and rule runs
    /// never classify).
    static let maxRecordLength = 1 << 16
    /// Per 64-byte block: stop, digit, capital-letter and trigger masks, bit n for the block's
    /// byte n. Positions from the record's end up to the block's end are stop bytes.
    private var words: [UInt64] = []
    /// The trigger bytes, padded to four with quotes (a stop byte, so never inside a run).
    private let triggers: [UInt8]
    /// Whether the map can stand in for `table`'s profiles: the classifier runs here, and the
    /// table has at most `maxTriggerBytes` trigger bytes. (Otherwise the map holds nothing.)
    let coversTable: Bool

    /// A map for `table`'s trigger bytes.
    init(table: ByteProfileTable) {
        let bytes = table.triggerBytes
        coversTable = Self.kernelAvailable && bytes.count <= Self.maxTriggerBytes
        triggers = coversTable ? bytes + Array(repeating: UInt8(ascii: "\""), count: Self.maxTriggerBytes - bytes.count) : []
    }

    /// Whether `classify` takes a record of `length` bytes.
    @inline(__always)
    func covers(recordLength length: Int) -> Bool {
        coversTable && length <= Self.maxRecordLength
    }

    /// Classifies `record` (`covers(recordLength:)` must hold).
    mutating func classify(_ record: Span<UInt8>) {
        precondition(covers(recordLength: record.count), "a record this map does not cover")
        if words.isEmpty { words = [UInt64](repeating: 0, count: 4 * (Self.maxRecordLength / 64 + 1)) }
        words.withUnsafeMutableBufferPointer { words in
            triggers.withUnsafeBufferPointer { triggers in
                record.withUnsafeBufferPointer { bytes in
                    // SAFETY: `piimask_classify` reads `bytes.count` bytes and writes
                    // `4 * (count / 64 + 1)` words, which `words` holds for `maxRecordLength`.
                    piimask_classify(bytes.baseAddress, bytes.count, triggers.baseAddress, words.baseAddress!)
                }
            }
        }
    }

    /// `ByteProfileTable.profileRun` from the map: the profile of `record`'s bytes from `start` up
    /// to the first stop byte, and that byte's offset (the record's length if none). `record` is
    /// the record last classified and `table` the map's.
    @inline(__always)
    func profileRun(_ record: Span<UInt8>, from start: Int, table: ByteProfileTable) -> (profile: ByteProfile, stop: Int) {
        var group = (start >> 6) &* 4
        var offset = UInt64(start & 63)
        var digits = 0
        var uppercase = 0
        var triggerEntries: UInt64 = 0
        var end = 0
        words.withUnsafeBufferPointer { words in
            table.withEntries { entries in
                record.withUnsafeBufferPointer { bytes in
                    // SAFETY: a stop bit is set at the record's end, so the loop ends at or before
                    // the group of `count`, which `classify` wrote; trigger bits lie before the stop.
                    var base = start & ~63
                    while true {
                        let stops = words[group] >> offset
                        let stopped = stops != 0
                        let inRun: UInt64 = stopped ? (1 << UInt64(stops.trailingZeroBitCount)) &- 1 : ~0
                        digits &+= (words[group &+ 1] >> offset & inRun).nonzeroBitCount
                        uppercase &+= (words[group &+ 2] >> offset & inRun).nonzeroBitCount
                        var found = words[group &+ 3] >> offset & inRun
                        while found != 0 {
                            triggerEntries |= entries[Int(bytes[base &+ Int(offset) &+ found.trailingZeroBitCount])]
                            found &= found &- 1
                        }
                        if stopped {
                            end = base &+ Int(offset) &+ stops.trailingZeroBitCount
                            return
                        }
                        group &+= 4
                        base &+= 64
                        offset = 0
                    }
                }
            }
        }
        let profile = ByteProfile(
            triggers: ByteProfileTable.triggers(ofEntries: triggerEntries), digits: digits, uppercase: uppercase, length: end &- start)
        return (profile, end)
    }
}
