/// Bytes with PII planted in them (a JSON record, a CSV file), and where each planted value sits.
struct PlantedRecord {
    var bytes: [UInt8] = []
    /// The byte ranges of the planted values that are still intact.
    var planted: [Range<Int>] = []

    /// The planted values that occur exactly once in the bytes, so that finding one in the output
    /// can only mean that it was left unmasked.
    var uniquePlanted: [[UInt8]] {
        planted.map { Array(bytes[$0]) }.filter { value in
            guard let first = bytes.firstRange(of: value) else { return false }
            return bytes[(first.lowerBound + 1)...].firstRange(of: value) == nil
        }
    }

    /// The record after `mutation`. A planted value keeps its place (shifted) only while the
    /// mutation leaves it and the byte on each side alone; one it touches is no longer tracked.
    func applying(_ mutation: RecordMutation) -> PlantedRecord {
        var result = self
        let position: Int
        let shift: Int
        switch mutation {
        case .replace(let at, let byte):
            result.bytes[at] = byte
            (position, shift) = (at, 0)
        case .insert(let at, let byte):
            result.bytes.insert(byte, at: at)
            (position, shift) = (at, 1)
        case .delete(let at):
            result.bytes.remove(at: at)
            (position, shift) = (at, -1)
        case .truncate(let count):
            result.bytes.removeSubrange(count...)
            result.planted = planted.filter { $0.upperBound < count }
            return result
        }
        result.planted = planted.compactMap { range in
            if position > range.upperBound { return range }
            if position < range.lowerBound - 1 { return (range.lowerBound + shift)..<(range.upperBound + shift) }
            return nil
        }
        return result
    }
}

/// One way of damaging a record's bytes.
enum RecordMutation {
    case replace(at: Int, with: UInt8)
    case insert(at: Int, UInt8)
    case delete(at: Int)
    /// Keep only the first `count` bytes.
    case truncate(count: Int)

    /// Bytes that mutations write: JSON's structural and literal bytes, CSV's delimiters and
    /// quotes, control bytes, and bytes of multi-byte UTF-8 (or none). No line breaks, so a
    /// mutated JSON Lines record stays one line.
    static let bytes: [UInt8] = Array("{}[]:,\"\\/ \t0159-+.eEtfnulrsax".utf8) + [0x00, 0x01, 0x1F, 0x7F, 0xC3, 0xA9, 0xE2, 0xFF]

    /// A random mutation of `record` (at least 1 byte) that changes it.
    static func random(of record: [UInt8], using generator: inout SeededGenerator) -> RecordMutation {
        let count = record.count
        let byte = bytes.randomElement(using: &generator)!
        switch Int.random(in: 0..<3, using: &generator) {
        case 0:
            let at = Int.random(in: 0..<count, using: &generator)
            return record[at] == byte ? .delete(at: at) : .replace(at: at, with: byte)
        case 1: return .insert(at: Int.random(in: 0...count, using: &generator), byte)
        default: return .delete(at: Int.random(in: 0..<count, using: &generator))
        }
    }
}
