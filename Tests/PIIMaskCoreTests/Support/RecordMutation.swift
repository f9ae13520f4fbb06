/// One way of damaging a record's bytes.
enum RecordMutation {
    case replace(at: Int, with: UInt8)
    case insert(at: Int, UInt8)
    case delete(at: Int)
    /// Keep only the first `count` bytes.
    case truncate(count: Int)

    /// Bytes that mutations write into JSON Lines: JSON's structural and literal bytes, control
    /// bytes, and bytes of multi-byte UTF-8 (or none). No line breaks, so a record stays one line.
    static let jsonBytes: [UInt8] = Array("{}[]:,\"\\/ \t0159-+.eEtfnulrsax".utf8) + [0x00, 0x01, 0x1F, 0x7F, 0xC3, 0xA9, 0xE2, 0xFF]
    /// Bytes that mutations write into CSV: the JSON set (quotes, commas, control bytes) and line breaks.
    static let csvBytes: [UInt8] = jsonBytes + [0x0A, 0x0D]

    func apply(to bytes: inout [UInt8]) {
        switch self {
        case .replace(let at, let byte): bytes[at] = byte
        case .insert(let at, let byte): bytes.insert(byte, at: at)
        case .delete(let at): bytes.remove(at: at)
        case .truncate(let count): bytes.removeSubrange(count...)
        }
    }

    /// A random mutation of `record` (at least 1 byte) that changes it, writing one of `bytes`.
    static func random(of record: [UInt8], bytes: [UInt8] = jsonBytes, using generator: inout SeededGenerator) -> RecordMutation {
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
