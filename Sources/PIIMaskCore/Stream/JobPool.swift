import Dispatch
import Synchronization

/// The parallel pipeline's fixed set of jobs: made on first need, up to `limit`, so that a short
/// input (a hook's record) makes one or two; `take` waits when all are in use.
///
/// The most recently returned job is handed out first: its buffers are the likeliest to be in a
/// cache, and the jobs a run does not need stay untouched.
final class JobPool: Sendable {
    private struct Stock {
        var free: [Job] = []
        var unmade: Int
    }

    private let stock: Mutex<Stock>
    private let returned = DispatchSemaphore(value: 0)

    init(limit: Int) {
        stock = Mutex(Stock(unmade: limit))
    }

    func take() -> Job {
        let fresh = stock.withLock { stock -> Bool in
            guard stock.unmade > 0 else { return false }
            stock.unmade -= 1
            return true
        }
        if fresh { return Job() }
        // Every `put` signals once and only a take that made nothing waits, so a job is there.
        returned.wait()
        return stock.withLock { $0.free.removeLast() }
    }

    func put(_ job: Job) {
        stock.withLock { $0.free.append(job) }
        returned.signal()
    }
}
