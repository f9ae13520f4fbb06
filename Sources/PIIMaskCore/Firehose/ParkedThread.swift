// Why this file is built this way
//
// With `threads` > 1 a large event is split between the calling thread and other threads. A new
// thread per event costs more than its creation: on the 1 MiB benchmark event the half of the
// records masked on a fresh thread took about 1.8 ms longer than the half masked on the calling
// thread (cold stack, caches and allocator arena), so the event waited for it. A
// `FirehoseTransformer` therefore keeps its threads for its whole life, parked on a semaphore
// between events.

import Dispatch

/// A thread that runs one job at a time for its owner and is parked in between.
final class ParkedThread: @unchecked Sendable {
    // SAFETY (@unchecked Sendable): `job` is written by the owner only while the thread is parked
    // (before `run` or `stop` signals `start`) and by the thread only between `start.wait()` and
    // `finished.signal()`; the semaphores order every access.
    private let start = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private var job: (@Sendable () -> Void)?
    private var thread: WorkerThread?

    init() {
        // The thread refers to `self` until `stop` ends it.
        thread = WorkerThread { [self] in
            while true {
                start.wait()
                guard let current = job else { return }
                job = nil  // the job's captures (an event) are not kept until the next one
                current()
                finished.signal()
            }
        }
    }

    /// Starts `job` on the thread; `wait` must follow before the next `run`.
    func run(_ job: @escaping @Sendable () -> Void) {
        self.job = job
        start.signal()
    }

    /// Waits for the job started by `run` to finish.
    func wait() {
        finished.wait()
    }

    /// Ends the thread. The owner calls it once, from its `deinit`.
    func stop() {
        job = nil
        start.signal()
        thread?.join()
        thread = nil
    }
}
