/// One chunk of input on its way through the pipeline, with its output. Jobs are pooled: their
/// buffers are allocated once and reused.
///
/// Ownership moves with the job: the reader fills it, a worker masks it, a worker writes it (in
/// input order, see `InOrderOutput`) and returns it to the pool; the locks of `ChunkReader`'s
/// holder, `InOrderOutput` and `JobPool` order these steps.
final class Job: @unchecked Sendable {
    enum Kind: Equatable {
        /// Whole records.
        case records
        /// Part of a record longer than `--max-record-bytes`.
        case oversizedPiece(first: Bool, last: Bool)
    }

    var input: [UInt8]
    /// The bytes of `input` that belong to this chunk.
    var count = 0
    var kind = Kind.records
    /// Which input the chunk came from, and whether it is that input's first chunk.
    var source = 0
    var sourceName = ""
    var startsFile = false
    /// Set on an input's first chunk when the input's first bytes show UTF-16 or UTF-32: the run
    /// stops there (`RecordMasker.unreadableInput`). The reader tells it from the input's first
    /// `InputEncoding.probeLength` bytes, which the chunk itself may be shorter than.
    var unreadableEncoding: InputEncoding.Unreadable?
    /// The input ended without a newline and another input follows: end the output line.
    var appendNewline = false
    /// The CSV header of the input (nil for other formats or `--no-header`).
    var csvHeader: CSVHeader?
    var output: [UInt8] = []
    /// The chunk's records that come out unchanged, written from `input` (see `PassThrough`).
    var passThrough = PassThrough(isEnabled: true)
    var outcome = ChunkOutcome()

    /// A job with an input buffer of `capacity` bytes (the reader grows it to its chunk size).
    init(capacity: Int = 0) {
        input = [UInt8](repeating: 0, count: capacity)
    }

    /// Prepares the job for a new chunk of `source`.
    func reset(source: Int, name: String) {
        self.source = source
        sourceName = name
        count = 0
        kind = .records
        startsFile = false
        unreadableEncoding = nil
        appendNewline = false
        csvHeader = nil
    }

    /// Masks the chunk into `output`.
    func process(with masker: inout RecordMasker) {
        output.removeAll(keepingCapacity: true)
        passThrough.reset()
        // Room for the chunk and some growth, so appends do not regrow (and recopy) the buffer.
        output.reserveCapacity(count + count / 4)
        let bytes = input
        let chunk = bytes.span.extracting(0..<count)
        if let encoding = unreadableEncoding {
            outcome = RecordMasker.unreadableInput(encoding)
        } else {
            switch kind {
            case .records:
                outcome = masker.mask(chunk: chunk, startsFile: startsFile, header: csvHeader, into: &output, passing: &passThrough)
            case .oversizedPiece(let first, let last):
                outcome = masker.maskOversizedPiece(chunk, first: first, last: last, into: &output)
            }
        }
        if appendNewline { output.append(0x0A) }
    }
}
