/// The read and chunk sizes for an input's piecewise run, derived from its bytes so that a saved
/// input replays the same way.
struct PiecewiseReading {
    let readSize: Int
    let chunkSize: Int
    let twoThreads: Bool

    init(_ input: [UInt8]) {
        // FNV-1a over the input.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in input { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        readSize = 1 + Int(hash % 61)
        chunkSize = 1 + Int((hash >> 8) % 509)
        twoThreads = (hash >> 20) & 3 == 0
    }
}
