import Synchronization

/// Writes the parallel pipeline's jobs in input order, on the workers' own threads.
///
/// A worker hands in its finished job with the job's sequence number. If that job is next and no
/// one is writing, the worker writes it at once (its bytes are still in that core's cache), then
/// every finished job that follows it; otherwise it leaves the job for whoever writes the one
/// before, and goes back to reading. No worker ever waits for its turn.
final class InOrderOutput: Sendable {
    private struct Turns {
        /// The sequence number of the next job to write.
        var next = 0
        /// Finished jobs waiting for an earlier one.
        var finished: [Int: Job] = [:]
        /// A worker is writing (only one at a time, in order).
        var busy = false
    }

    /// What the writing worker owns while it writes (`writer.fatal` is the record that stopped
    /// the run under `--on-error fail`).
    private struct WriterState {
        var writer: OrderedWriter
        var closed = false
        var error: PipelineError?
    }

    private let turns = Mutex(Turns())
    private let writerState: Mutex<WriterState>
    private let halted = Atomic<Bool>(false)

    init(output: OutputSink, observer: PipelineObserver?) {
        writerState = Mutex(WriterState(writer: OrderedWriter(output: output, observer: observer)))
    }

    /// The output was closed, failed, or a record failed the run: read no more, write no more.
    var stopped: Bool { halted.load(ordering: .acquiring) }

    /// How the writing ended: the fatal record, whether the output was closed, a write error.
    var result: (fatal: (issue: RecordIssue, source: String)?, closed: Bool, error: PipelineError?) {
        writerState.withLock { ($0.writer.fatal.map { (issue: $0.0, source: $0.1) }, $0.closed, $0.error) }
    }

    /// Hands in job `sequence` (every sequence number exactly once, in any order), writing it and
    /// the finished jobs after it if it is next. Each job, once written or skipped after a stop,
    /// goes to `recycle`.
    func finish(_ job: Job, sequence: Int, recycle: (Job) -> Void) {
        var next = turns.withLock { turns -> Job? in
            turns.finished[sequence] = job
            guard !turns.busy, let job = turns.finished.removeValue(forKey: turns.next) else { return nil }
            turns.busy = true
            return job
        }
        while let job = next {
            write(job)
            recycle(job)
            next = turns.withLock { turns -> Job? in
                turns.next += 1
                if let job = turns.finished.removeValue(forKey: turns.next) { return job }
                turns.busy = false
                return nil
            }
        }
    }

    private func write(_ job: Job) {
        guard !stopped else { return }
        let stop = writerState.withLock { state -> Bool in
            do throws(PipelineError) {
                guard case .stop(let closed) = try state.writer.write(job) else { return false }
                state.closed = closed
            } catch {
                state.error = error
            }
            return true
        }
        if stop { halted.store(true, ordering: .releasing) }
    }
}
