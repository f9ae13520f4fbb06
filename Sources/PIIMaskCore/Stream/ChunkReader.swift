/// Reads inputs into jobs and cuts them at record boundaries (see MaskPipeline.swift).
struct ChunkReader {
    let settings: PipelineSettings
    let inputs: [InputSource]
    let framer: RecordFramer
    let maxRecordBytes: Int
    let dialect: CSVDialect
    /// Finds safe cut points in oversized records (reader thread only).
    var cutter: RecordMasker
    /// Bytes kept back from the end of an oversized piece, so that a match near the cut is seen whole.
    static let oversizeOverlap = 64 * 1024

    init(engine: MaskingEngine, settings: PipelineSettings, inputs: [InputSource]) {
        self.settings = settings
        self.inputs = inputs
        framer = RecordFramer(format: engine.options.format, dialect: engine.options.csv)
        maxRecordBytes = max(engine.options.maxRecordBytes, 2 * Self.oversizeOverlap)
        dialect = engine.options.csv
        cutter = RecordMasker(engine: engine)
    }

    /// Reads every input, calling `dispatch` with each filled job. `take` supplies empty jobs.
    /// Stops early when `dispatch` returns false.
    mutating func run(take: () -> Job, dispatch: (Job) throws(PipelineError) -> Bool) throws(PipelineError) {
        for (index, source) in inputs.enumerated() {
            let (input, prefix) = try source.openForReading()
            defer { input.close() }
            let isLast = index == inputs.count - 1
            var job = take()
            job.reset(source: index, name: source.name)
            job.startsFile = true
            if job.input.count < prefix.count { job.input = [UInt8](repeating: 0, count: prefix.count) }
            job.input.replaceSubrange(0..<prefix.count, with: prefix)
            var filled = prefix.count
            var oversized = false
            /// The CSV header of this input, read from its first chunk and handed to every job.
            var header: CSVHeader?

            /// Hands `job[0..<end]` on and starts the next job with the rest.
            func cut(at end: Int, kind: Job.Kind) throws(PipelineError) -> Bool {
                let next = take()
                next.reset(source: index, name: source.name)
                let tail = filled - end
                if next.input.count < max(tail, settings.chunkSize) {
                    next.input = [UInt8](repeating: 0, count: max(tail, settings.chunkSize))
                }
                if tail > 0 {
                    next.input.withUnsafeMutableBufferPointer { target in
                        job.input.withUnsafeBufferPointer { origin in
                            // SAFETY: both ranges lie within their buffers (checked above).
                            _ = UnsafeMutableBufferPointer(rebasing: target[0..<tail])
                                .initialize(from: UnsafeBufferPointer(rebasing: origin[end..<filled]))
                        }
                    }
                }
                job.count = end
                job.kind = kind
                if job.startsFile, kind == .records, case .csv = framer, dialect.hasHeader {
                    let bytes = job.input
                    header = CSVHeader(parsing: bytes.span.extracting(0..<end), dialect: dialect)
                }
                job.csvHeader = header
                let proceed = try dispatch(job)
                job = next
                filled = tail
                return proceed
            }

            // Prefetched bytes may already hold whole records: cut them before blocking on a read.
            var readFirst = prefix.isEmpty || input.hasMoreReady()
            while true {
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
                            guard try cut(at: cutAt, kind: kind) else { return }
                            continue
                        }
                    }
                    let count = try input.read(into: &job.input, from: filled)
                    if count == 0 {
                        // End of this input: everything left is its last record(s).
                        if filled > 0 || oversized {
                            if !isLast && filled > 0 && job.input[filled - 1] != 0x0A { job.appendNewline = true }
                            let kind: Job.Kind = oversized ? .oversizedPiece(first: false, last: true) : .records
                            guard try cut(at: filled, kind: kind) else { return }
                        }
                        break
                    }
                    filled += count
                    if filled < job.input.count && input.hasMoreReady() { continue }
                }
                readFirst = true
                if oversized {
                    // The oversized record ends at the first newline.
                    let bytes = job.input
                    guard let newline = ByteSearch.firstIndex(of: 0x0A, in: bytes.span.extracting(0..<filled), from: 0) else {
                        continue
                    }
                    oversized = false
                    guard try cut(at: newline + 1, kind: .oversizedPiece(first: false, last: true)) else { return }
                }
                let bytes = job.input
                if let boundary = framer.lastBoundary(in: bytes.span.extracting(0..<filled)) {
                    guard try cut(at: boundary, kind: .records) else { return }
                }
            }
        }
    }
}
