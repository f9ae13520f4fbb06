// Why this file is built this way
//
// One reader, N workers, one in-order writer, and a fixed pool of jobs (each a large input buffer
// and an output buffer) that bounds memory whatever the input size:
//
//   reader ──job──► work queue ──► worker × N ──┐ (done semaphore)
//      └──────job──► write queue (input order) ──► writer ──► stdout, job back to the pool
//
// The reader fills a job's buffer with read(2) while more input is ready, then cuts it at the last
// record boundary and carries the tail into the next job. When input pauses (a transform hook
// sending one record and waiting), it dispatches what it has at once, and the writer writes each
// job as soon as it is done, so the answer goes out immediately; in bulk runs the same logic
// produces large chunks and large writes. With one thread the reader masks and writes inline.
//
// A record longer than `maxRecordBytes` cannot be held whole: it is cut into pieces at points no
// match straddles, and each piece is masked as text (or dropped, or fails the run) by the policy.
import Dispatch
import Synchronization

/// Settings of the stream machinery (not of masking).
public struct PipelineSettings: Sendable {
    /// Worker threads; 1 masks on the reading thread.
    public var threads: Int
    /// Bytes read per chunk before it is cut at a record boundary (the first chunks of a
    /// run are smaller: see `ChunkReader.firstChunkSize`).
    public var chunkSize: Int

    public init(threads: Int = 1, chunkSize: Int = 1 << 20) {
        self.threads = max(1, threads)
        self.chunkSize = max(1, chunkSize)
    }
}

/// Receives what a run reports besides output: record issues and progress.
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
        // The pool's jobs are made on first need, so a short input (a hook's record) makes one or two.
        let pool = BlockingQueue<Job>()
        let poolSize = settings.threads + 3
        var jobsMade = 0
        let work = BlockingQueue<Job?>()
        let written = BlockingQueue<Job?>()
        let stopped = Atomic<Bool>(false)
        let workerStats = Mutex<[MaskStats]>([])
        let engine = self.engine
        let workers = (0..<settings.threads).map { _ in
            WorkerThread {
                var masker = RecordMasker(engine: engine)
                while let job = work.take() {
                    job.process(with: &masker)
                    job.done.signal()
                }
                let stats = masker.stats
                workerStats.withLock { $0.append(stats) }
            }
        }
        let writerResult = Mutex<(fatal: (RecordIssue, String)?, closed: Bool, error: PipelineError?)>((nil, false, nil))
        let observer = self.observer
        let writerThread = WorkerThread {
            var writer = OrderedWriter(output: output, observer: observer)
            var finished = false
            while let job = written.take() {
                job.done.wait()
                if !finished {
                    do throws(PipelineError) {
                        if case .stop(let closed) = try writer.write(job) {
                            finished = true
                            stopped.store(true, ordering: .releasing)
                            let fatal = writer.fatal
                            writerResult.withLock { $0.fatal = fatal; $0.closed = closed }
                        }
                    } catch {
                        finished = true
                        stopped.store(true, ordering: .releasing)
                        writerResult.withLock { $0.error = error }
                    }
                }
                pool.put(job)
            }
        }

        var reader = ChunkReader(engine: engine, settings: settings, inputs: inputs) {
            guard jobsMade < poolSize else { return pool.take() }
            jobsMade += 1
            return Job()
        }
        var readError: PipelineError?
        do throws(PipelineError) {
            while let job = try reader.next() {
                if stopped.load(ordering: .acquiring) {
                    pool.put(job)
                    break
                }
                job.done = DispatchSemaphore(value: 0)
                written.put(job)
                work.put(job)
            }
        } catch {
            readError = error
        }
        for _ in workers { work.put(nil) }
        for worker in workers { worker.join() }
        written.put(nil)
        writerThread.join()

        let result = writerResult.withLock { $0 }
        if let error = result.error { throw error }
        if let readError { throw readError }
        var stats = MaskStats(entityCount: engine.entityNames.count)
        for workerStats in workerStats.withLock({ $0 }) { stats.merge(workerStats) }
        var summary = RunSummary(stats: stats)
        summary.fatal = result.fatal.map { (issue: $0.0, source: $0.1) }
        summary.outputClosed = result.closed
        return summary
    }
}
