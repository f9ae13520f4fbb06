import Dispatch
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

@testable import PIIMaskCore

/// The parallel pipeline's write side (`InOrderOutput`) and its job pool (`JobPool`).
@Suite("In-order output and job pool")
struct InOrderOutputTests {
    /// A job whose output is its sequence number as a line.
    private static func job(_ sequence: Int) -> Job {
        let job = Job()
        job.output = Array("\(sequence)\n".utf8)
        return job
    }

    private static func lines(_ count: Int) -> String {
        (0..<count).map { "\($0)\n" }.joined()
    }

    @Test("jobs handed in out of order are written in sequence order, each recycled once")
    func outOfOrder() {
        let collector = ByteCollector()
        let output = InOrderOutput(output: OutputSink(collector: collector), observer: nil)
        let jobs = (0..<6).map(Self.job)
        var recycled: [ObjectIdentifier] = []
        for sequence in [2, 1, 4, 0, 5, 3] {
            output.finish(jobs[sequence], sequence: sequence) { recycled.append(ObjectIdentifier($0)) }
        }
        #expect(String(decoding: collector.bytes, as: UTF8.self) == Self.lines(6))
        #expect(Set(recycled) == Set(jobs.map(ObjectIdentifier.init)) && recycled.count == 6)
        #expect(output.result.error == nil && !output.result.closed && !output.stopped)
    }

    @Test("a job handed in before the one ahead of it waits for it, and is written with it")
    func waitsForTheOneAhead() {
        let collector = ByteCollector()
        let output = InOrderOutput(output: OutputSink(collector: collector), observer: nil)
        output.finish(Self.job(1), sequence: 1) { _ in }
        #expect(collector.bytes.isEmpty)
        output.finish(Self.job(0), sequence: 0) { _ in }
        #expect(String(decoding: collector.bytes, as: UTF8.self) == "0\n1\n")
    }

    @Test("threads handing in jobs in any order produce the sequence in order", arguments: [2, 4, 8])
    func concurrentWorkers(threads: Int) {
        let count = 400
        let collector = ByteCollector()
        let output = InOrderOutput(output: OutputSink(collector: collector), observer: nil)
        let recycled = Atomic<Int>(0)
        // Sequence numbers are claimed from a shared counter, so each thread's numbers rise but
        // interleave with the others', and the threads finish them in whatever order they run.
        let nextSequence = Atomic<Int>(0)
        let workers = (0..<threads).map { worker in
            WorkerThread {
                while true {
                    let sequence = nextSequence.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard sequence < count else { return }
                    // Uneven work (0 to 199 µs), so that later numbers often finish first.
                    usleep(UInt32((sequence * 7919 + worker) % 200))
                    output.finish(Self.job(sequence), sequence: sequence) { _ in
                        recycled.wrappingAdd(1, ordering: .relaxed)
                    }
                }
            }
        }
        for worker in workers { worker.join() }
        #expect(String(decoding: collector.bytes, as: UTF8.self) == Self.lines(count))
        let recycledCount = recycled.load(ordering: .relaxed)
        #expect(recycledCount == count)
    }

    @Test("after a fatal record nothing more is written, and every job is still recycled")
    func stopsAtAFatalRecord() {
        let collector = ByteCollector()
        let output = InOrderOutput(output: OutputSink(collector: collector), observer: nil)
        let fatal = Self.job(1)
        fatal.outcome.fatal = RecordIssue(record: 1, line: 1, column: nil, message: "bad")
        var recycled = 0
        output.finish(Self.job(2), sequence: 2) { _ in recycled += 1 }
        output.finish(fatal, sequence: 1) { _ in recycled += 1 }
        #expect(!output.stopped)
        output.finish(Self.job(0), sequence: 0) { _ in recycled += 1 }
        #expect(output.stopped)
        output.finish(Self.job(3), sequence: 3) { _ in recycled += 1 }
        // The fatal chunk's own output goes out (its records before the bad one); nothing after it.
        #expect(String(decoding: collector.bytes, as: UTF8.self) == "0\n1\n")
        #expect(output.result.fatal?.issue.record == 1)
        #expect(recycled == 4)
    }

    @Test("the pool makes jobs up to its limit, then hands out the last one returned")
    func poolLimitAndOrder() {
        let pool = JobPool(limit: 3)
        let made = (0..<3).map { _ in pool.take() }
        #expect(Set(made.map(ObjectIdentifier.init)).count == 3)
        pool.put(made[0])
        pool.put(made[2])
        #expect(pool.take() === made[2])
        #expect(pool.take() === made[0])
    }

    @Test("a take on an exhausted pool waits for a put")
    func poolWaits() {
        let pool = JobPool(limit: 1)
        let only = pool.take()
        let taken = Atomic<Bool>(false)
        let taker = WorkerThread {
            _ = pool.take()
            taken.store(true, ordering: .releasing)
        }
        // Not a timing assertion: the taker cannot finish before the put, however long it runs.
        pause(milliseconds: 50)
        let takenBeforePut = taken.load(ordering: .acquiring)
        #expect(!takenBeforePut)
        pool.put(only)
        taker.join()
        let takenAfterPut = taken.load(ordering: .acquiring)
        #expect(takenAfterPut)
    }

    private func pause(milliseconds: Int) {
        _ = DispatchSemaphore(value: 0).wait(timeout: .now() + .milliseconds(milliseconds))
    }
}
