// Why this file is built this way
//
// N workers and a fixed pool of jobs (each a large input buffer and an output buffer) that bounds
// memory whatever the input size. Each worker loops over the same three steps, so that a chunk is
// read, masked and written on one core, with its bytes in that core's cache:
//
//   read  (one worker at a time: the next chunk and its sequence number)
//   mask  (all workers at once)
//   write (in sequence order: by this worker if its chunk is next, else by the one before; see
//          InOrderOutput)
//
// An earlier design had a reader thread, a writer thread and N workers fed through queues. On
// this 2-core machine its two hand-offs per chunk cost about a fifth more CPU than one thread for
// the same work, most of it the write's copy from a buffer last touched on another core.
//
// The `ChunkReader` fills a job's buffer with read(2) while more input is ready, then cuts it at the last
// record boundary and carries the tail into the next job. When input pauses (a transform hook
// sending one record and waiting), it hands on what it has at once, and the chunk is written as
// soon as it is masked, so the answer goes out immediately; in bulk runs the same logic produces
// large chunks and large writes. With one thread the calling thread does all three steps, with
// two jobs taking turns.
//
// A record longer than `maxRecordBytes` cannot be held whole: it is cut into pieces at points no
// match straddles, and each piece is masked as text (or dropped, or fails the run) by the policy.
import Synchronization

/// Settings of the stream machinery (not of masking).
public struct PipelineSettings: Sendable {
    /// Worker threads (the calling thread is one of them); 1 reads, masks and writes inline.
    public var threads: Int
    /// Bytes read per chunk before it is cut at a record boundary (the first chunks of a
    /// run are smaller: see `ChunkReader.firstChunkSize`).
    public var chunkSize: Int

    public init(threads: Int = 1, chunkSize: Int = 1 << 20) {
        self.threads = max(1, threads)
        self.chunkSize = max(1, chunkSize)
    }
}

/// Receives what a run reports besides output: record issues and progress. Calls come one at a
/// time and in input order, from whichever thread writes the chunk (never two at once).
public protocol PipelineObserver: Sendable {
    /// A record fell under the error policy. `source` names its input; numbers are 1-based.
    func recordIssue(_ issue: RecordIssue, source: String)
    /// Called after each chunk is written.
    func progress(bytesRead: Int, totalBytes: Int?)
}

/// How a run ended.
public struct RunSummary: Sendable {
    public var stats: MaskStats
    /// Set when `--on-error fail` stopped the run.
    public var fatal: (issue: RecordIssue, source: String)?
    /// The output was closed by its reader (EPIPE); the run stopped early and quietly.
    public var outputClosed = false
}

/// Runs masking over inputs and writes one output.
public final class MaskPipeline: Sendable {
    public let engine: MaskingEngine
    public let settings: PipelineSettings
    let observer: PipelineObserver?

    public init(engine: MaskingEngine, settings: PipelineSettings, observer: PipelineObserver? = nil) {
        self.engine = engine
        self.settings = settings
        self.observer = observer
    }

    /// Masks every input in order into `output`.
    ///
    /// - Throws: `PipelineError` when an input cannot be opened or read, or the output fails.
    public func run(inputs: [InputSource], output: OutputSink) throws(PipelineError) -> RunSummary {
        settings.threads == 1
            ? try runInline(inputs: inputs, output: output)
            : try runParallel(inputs: inputs, output: output)
    }

    // MARK: - One thread

    private func runInline(inputs: [InputSource], output: OutputSink) throws(PipelineError) -> RunSummary {
        var masker = RecordMasker(engine: engine)
        var writer = OrderedWriter(output: output, observer: observer)
        // Two jobs take turns: one is masked and written while the next receives its tail.
        let jobs = [Job(), Job()]
        var turn = 0
        var reader = ChunkReader(engine: engine, settings: settings, inputs: inputs) {
            turn ^= 1
            return jobs[turn]
        }
        var outputClosed = false
        while let job = try reader.next() {
            job.process(with: &masker)
            if case .stop(let closed) = try writer.write(job) {
                outputClosed = closed
                break
            }
        }
        var summary = RunSummary(stats: masker.stats)
        summary.fatal = writer.fatal
        summary.outputClosed = outputClosed
        return summary
    }

    // MARK: - N threads

    private func runParallel(inputs: [InputSource], output: OutputSink) throws(PipelineError) -> RunSummary {
        let pool = JobPool(limit: settings.threads + 3)
        let reading = Mutex(Reading(reader: ChunkReader(engine: engine, settings: settings, inputs: inputs, take: pool.take)))
        let writing = InOrderOutput(output: output, observer: observer)
        let workerStats = Mutex<[MaskStats]>([])
        let engine = self.engine
        let work: @Sendable () -> Void = {
            var masker = RecordMasker(engine: engine)
            while let (job, sequence) = reading.withLock({ $0.claim(unless: writing.stopped) }) {
                job.process(with: &masker)
                writing.finish(job, sequence: sequence, recycle: pool.put)
            }
            let stats = masker.stats
            workerStats.withLock { $0.append(stats) }
        }
        // The calling thread is one of the workers.
        let others = (1..<settings.threads).map { _ in WorkerThread(work) }
        work()
        for worker in others { worker.join() }

        let result = writing.result
        if let error = result.error { throw error }
        if let readError = reading.withLock({ $0.error }) { throw readError }
        var stats = MaskStats(entityCount: engine.entityNames.count)
        for workerStats in workerStats.withLock({ $0 }) { stats.merge(workerStats) }
        var summary = RunSummary(stats: stats)
        summary.fatal = result.fatal
        summary.outputClosed = result.closed
        return summary
    }
}

/// The reading side of a parallel run: one worker at a time holds it to read the next chunk.
private struct Reading {
    var reader: ChunkReader
    /// The next chunk's sequence number (its place in the output).
    var sequence = 0
    var ended = false
    var error: PipelineError?

    /// The next chunk and its sequence number; nil once the input has ended, failed, or `stop`.
    mutating func claim(unless stop: Bool) -> (Job, Int)? {
        guard !ended, !stop else { return nil }
        do throws(PipelineError) {
            guard let job = try reader.next() else {
                ended = true
                return nil
            }
            sequence += 1
            return (job, sequence - 1)
        } catch {
            self.error = error
            ended = true
            return nil
        }
    }
}
