import Synchronization

/// Hands out the chunk numbers of one event, each to exactly one of the threads that ask.
///
/// Threads take chunks until none are left instead of masking fixed shares: a thread that other
/// processes slow down simply takes fewer, and the event does not wait for it.
final class ChunkClaim: Sendable {
    private let next = Atomic<Int>(0)
    let count: Int

    init(count: Int) {
        self.count = count
    }

    /// The next chunk nobody has taken, or nil when all are taken.
    func take() -> Int? {
        let chunk = next.wrappingAdd(1, ordering: .relaxed).oldValue
        return chunk < count ? chunk : nil
    }
}
