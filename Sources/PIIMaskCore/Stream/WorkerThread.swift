#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A joinable POSIX thread running a closure (the core avoids Foundation's Thread).
final class WorkerThread: Sendable {
    private final class Box: @unchecked Sendable {
        // SAFETY: written before pthread_create, read once by the new thread.
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    private nonisolated(unsafe) var thread = pthread_t()

    /// Starts `body` on a new thread with an 8 MiB stack.
    init(_ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setstacksize(&attributes, 8 << 20)
        let result = pthread_create(&thread, &attributes, { raw in
            // SAFETY: `raw` is the retained Box passed below; released exactly once here.
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            box.body()
            return nil
        }, box)
        pthread_attr_destroy(&attributes)
        precondition(result == 0, "pthread_create failed: \(result)")
    }

    /// Waits for the thread to finish.
    func join() {
        pthread_join(thread, nil)
    }
}
