/// Reads inputs into jobs and cuts them at record boundaries (see MaskPipeline.swift): a pull
/// iterator, so that the caller keeps its masker in a plain local variable.
struct ChunkReader {
    let settings: PipelineSettings
    let inputs: [InputSource]
    let framer: RecordFramer
    let maxRecordBytes: Int
    let dialect: CSVDialect
    /// Supplies empty jobs (from the pipeline's pool).
    let take: () -> Job
    /// Finds safe cut points in oversized records (used only by the worker holding the reader).
    var cutter: RecordMasker
    /// Bytes kept back from the end of an oversized piece, so that a match near the cut is seen whole.
    static let oversizeOverlap = 64 * 1024
    /// The first chunk's size. Chunks double from it up to `settings.chunkSize` while reads fill
    /// them, so the workers start after 64 KiB rather than a whole chunk, and a short input (a
    /// hook's record) never zeroes megabytes of buffer before it is answered.
    static let firstChunkSize = 64 * 1024

    // Where reading stands.
    private var sourceIndex = -1
    private var input: OpenInput?
    private var job: Job?
    private var filled = 0
    private var oversized = false
    /// Read before cutting (false right after opening an input whose prefetched bytes may
    /// already hold whole records, so they are answered before blocking on a read).
    private var readFirst = true
    /// The CSV header of the current input, read from its first chunk and handed to every job.
    private var header: CSVHeader?
    /// The size of the next chunk's buffer (see `firstChunkSize`).
    private var chunkTarget: Int
    /// Bytes read from the current input so far (its prefetched bytes included).
    private var inputOffset = 0
    /// The size of each of the input's last chunks, once set (see `fillLimit`).
    private var tailShare: Int?

    init(engine: MaskingEngine, settings: PipelineSettings, inputs: [InputSource], take: @escaping () -> Job) {
        self.settings = settings
        self.inputs = inputs
        self.take = take
        framer = RecordFramer(format: engine.options.format, dialect: engine.options.csv)
        maxRecordBytes = max(engine.options.maxRecordBytes, 2 * Self.oversizeOverlap)
        dialect = engine.options.csv
        cutter = RecordMasker(engine: engine)
        chunkTarget = min(Self.firstChunkSize, settings.chunkSize)
    }

    /// The next filled job, or nil when every input is done.
    mutating func next() throws(PipelineError) -> Job? {
        while true {
            guard let input, let job else {
                guard try openNextInput() else { return nil }
                continue
            }
            if readFirst {
                if filled == job.input.count {
                    if job.input.count < maxRecordBytes {
                        job.input.append(contentsOf: repeatElement(0, count: min(job.input.count, maxRecordBytes - job.input.count)))
                    } else {
                        // A record longer than the limit: pass on a piece, keep the overlap.
                        let bytes = job.input
                        let cutAt = cutter.safeCut(in: bytes.span.extracting(0..<filled), near: filled - Self.oversizeOverlap)
                        let kind = Job.Kind.oversizedPiece(first: !oversized, last: false)
                        oversized = true
                        return cut(at: cutAt, kind: kind)
                    }
                }
                let limit = fillLimit(for: job, inputSize: input.size)
                let count = try input.read(into: &job.input, from: filled, upTo: limit)
                if count == 0 {
                    let bytes = job.input
                    if oversized, let newline = ByteSearch.firstIndex(of: 0x0A, in: bytes.span.extracting(0..<filled), from: 0) {
                        // The oversized record ends before the input does: the records after it
                        // are cut on the next calls (reading again at the end gives 0 again).
                        oversized = false
                        readFirst = false
                        return cut(at: newline + 1, kind: .oversizedPiece(first: false, last: true))
                    }
                    // End of this input: everything left is its last record(s). An input that
                    // ended empty leaves its job for the next input.
                    input.close()
                    self.input = nil
                    guard filled > 0 || oversized else { continue }
                    if !isLastInput && filled > 0 && job.input[filled - 1] != 0x0A { job.appendNewline = true }
                    let kind: Job.Kind = oversized ? .oversizedPiece(first: false, last: true) : .records
                    seal(job, count: filled, kind: kind)
                    self.job = nil
                    return job
                }
                filled += count
                inputOffset += count
                if filled < limit && input.hasMoreReady() { continue }
            }
            readFirst = true
            // The encoding check needs the input's first bytes, which a first record may be
            // shorter than: read them before the first cut, unless the input pauses (a hook).
            if job.startsFile && filled < InputEncoding.probeLength && input.hasMoreReady() { continue }
            let bytes = job.input
            if oversized {
                // The oversized record ends at the first newline.
                guard let newline = ByteSearch.firstIndex(of: 0x0A, in: bytes.span.extracting(0..<filled), from: 0) else {
                    continue
                }
                oversized = false
                // Whatever follows the newline is cut on the next call, before reading again.
                readFirst = false
                return cut(at: newline + 1, kind: .oversizedPiece(first: false, last: true))
            }
            if let boundary = framer.lastBoundary(in: bytes.span.extracting(0..<filled)) {
                return cut(at: boundary, kind: .records)
            }
            if filled >= maxRecordBytes {
                // One record, already over the limit though the buffer has room (the chunk size
                // is larger): its first piece ends near the limit, not at the end of the buffer.
                let cutAt = cutter.safeCut(in: bytes.span.extracting(0..<maxRecordBytes), near: maxRecordBytes - Self.oversizeOverlap)
                oversized = true
                return cut(at: cutAt, kind: .oversizedPiece(first: true, last: false))
            }
        }
    }

    private var isLastInput: Bool { sourceIndex == inputs.count - 1 }

    /// How much of `job`'s buffer to fill before cutting: all of it, except over the last
    /// `threads` chunks of an input of known size. There the rest of the input is shared out
    /// evenly (`tailShare`, at least `firstChunkSize` each), so that the workers finish together
    /// instead of one masking the last whole chunk while the others wait.
    private mutating func fillLimit(for job: Job, inputSize: Int?) -> Int {
        let capacity = job.input.count
        guard settings.threads > 1, let inputSize, filled < capacity else { return capacity }
        // The bytes from this chunk's start to the end of the input.
        let rest = inputSize - (inputOffset - filled)
        if tailShare == nil && rest < settings.threads * capacity {
            tailShare = max(Self.firstChunkSize, (rest + settings.threads - 1) / settings.threads)
        }
        // The last share takes what is left (a record cut off each share carries over), and a
        // record longer than the share is read on to the buffer's end.
        guard let share = tailShare, filled < share, rest > share + Self.firstChunkSize else { return capacity }
        return min(capacity, share)
    }

    /// Opens the next input and starts a job with its prefetched bytes; false when none is left.
    private mutating func openNextInput() throws(PipelineError) -> Bool {
        sourceIndex += 1
        guard sourceIndex < inputs.count else { return false }
        let source = inputs[sourceIndex]
        let (opened, prefix) = try source.openForReading()
        let job = self.job ?? take()
        job.reset(source: sourceIndex, name: source.name)
        job.startsFile = true
        if job.input.count < max(prefix.count, chunkTarget) {
            job.input = [UInt8](repeating: 0, count: max(prefix.count, chunkTarget))
        }
        job.input.replaceSubrange(0..<prefix.count, with: prefix)
        input = opened
        self.job = job
        filled = prefix.count
        inputOffset = prefix.count
        tailShare = nil
        oversized = false
        header = nil
        readFirst = prefix.isEmpty || opened.hasMoreReady()
        return true
    }

    /// Hands `job[0..<end]` on and starts the next job with the rest.
    private mutating func cut(at end: Int, kind: Job.Kind) -> Job {
        let current = job!
        let next = take()
        next.reset(source: sourceIndex, name: current.sourceName)
        let tail = filled - end
        if filled == current.input.count { chunkTarget = min(2 * chunkTarget, settings.chunkSize) }
        if next.input.count < max(tail, chunkTarget) {
            next.input = [UInt8](repeating: 0, count: max(tail, chunkTarget))
        }
        if tail > 0 {
            next.input.withUnsafeMutableBufferPointer { target in
                current.input.withUnsafeBufferPointer { origin in
                    // SAFETY: both ranges lie within their buffers (sizes checked above).
                    _ = UnsafeMutableBufferPointer(rebasing: target[0..<tail])
                        .initialize(from: UnsafeBufferPointer(rebasing: origin[end..<filled]))
                }
            }
        }
        seal(current, count: end, kind: kind)
        job = next
        filled = tail
        return current
    }

    /// Marks a job's chunk as `count` bytes of `kind`, with the input's CSV header; an input's
    /// first chunk also with what the input's first bytes (of the `filled` read) say of its encoding.
    private mutating func seal(_ job: Job, count: Int, kind: Job.Kind) {
        job.count = count
        job.kind = kind
        if job.startsFile {
            let bytes = job.input
            job.unreadableEncoding = InputEncoding.unreadable(at: bytes.span.extracting(0..<min(filled, InputEncoding.probeLength)))
        }
        if job.startsFile, kind == .records, case .csv = framer, dialect.hasHeader {
            let bytes = job.input
            header = CSVHeader(parsing: bytes.span.extracting(0..<count), dialect: dialect)
        }
        job.csvHeader = header
    }
}
