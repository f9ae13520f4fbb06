import Dispatch
import Synchronization

/// A first-in, first-out queue whose `take` waits for an item. Capacity is bounded by the caller
/// (the pipeline's fixed pool of jobs), so `put` never blocks.
final class BlockingQueue<Element: Sendable>: Sendable {
    private let items = Mutex<[Element]>([])
    private let available = DispatchSemaphore(value: 0)

    func put(_ item: Element) {
        items.withLock { $0.append(item) }
        available.signal()
    }

    func take() -> Element {
        available.wait()
        return items.withLock { $0.removeFirst() }
    }
}
