/// The runs of a chunk's input that come out unchanged, so that the writer sends them straight
/// from the input buffer (one `writev(2)` with the output buffer's pieces between them) instead of
/// the masker copying them into the output buffer. In a log where one record in ten holds PII,
/// that is nine bytes in ten that are never copied in user space.
///
/// The chunk's bytes out are, in order: for each run, the output buffer up to `before`, then the
/// run's input bytes; then the rest of the output buffer.
public struct PassThrough: Sendable {
    /// A run of input bytes and the output offset it goes before.
    public struct Run: Sendable, Equatable {
        public let before: Int
        public let input: Range<Int>
    }

    /// Off: the masker copies unchanged records into the output like the rest.
    public let isEnabled: Bool
    public private(set) var runs: [Run] = []
    /// The run being extended: consecutive unchanged records make one run.
    private var pending: Range<Int>?

    public init(isEnabled: Bool) {
        self.isEnabled = isEnabled
    }

    /// Passes `input` through at output offset `outputCount` (the output's size now).
    mutating func pass(_ input: Range<Int>, outputCount: Int) {
        if let run = pending, run.upperBound == input.lowerBound {
            pending = run.lowerBound..<input.upperBound
        } else {
            close(before: outputCount)
            pending = input
        }
    }

    /// Ends the pending run before output offset `outputCount`, where output is about to grow.
    mutating func close(before outputCount: Int) {
        if let run = pending { runs.append(Run(before: outputCount, input: run)) }
        pending = nil
    }

    /// Empties the runs for the next chunk, keeping their storage.
    mutating func reset() {
        runs.removeAll(keepingCapacity: true)
        pending = nil
    }

    /// The chunk's bytes out as pieces in order: `(fromInput, range)`, empty pieces left out.
    func pieces(outputCount: Int) -> [(fromInput: Bool, range: Range<Int>)] {
        var pieces: [(fromInput: Bool, range: Range<Int>)] = []
        pieces.reserveCapacity(2 * runs.count + 1)
        var done = 0
        for run in runs {
            if run.before > done { pieces.append((false, done..<run.before)) }
            if !run.input.isEmpty { pieces.append((true, run.input)) }
            done = run.before
        }
        if outputCount > done { pieces.append((false, done..<outputCount)) }
        return pieces
    }

    /// The chunk's bytes out, assembled (for in-memory outputs and tests).
    func assemble(output: [UInt8], input: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(output.count + runs.reduce(0) { $0 + $1.input.count })
        for piece in pieces(outputCount: output.count) {
            bytes.append(contentsOf: piece.fromInput ? input[piece.range] : output[piece.range])
        }
        return bytes
    }
}
