/// The active trie nodes of a `PathMatcher` along the path a record scanner is at: one range of
/// one flat array per nesting level, reused from record to record.
struct PathTracker {
    let matcher: PathMatcher
    private(set) var active: [Int32] = []

    init(_ matcher: PathMatcher) {
        self.matcher = matcher
        isEnabled = !matcher.isEmpty
        active.reserveCapacity(64)
    }

    /// Whether there is anything to track (stored: it is asked for every value).
    let isEnabled: Bool

    /// Starts a record; returns the root's range.
    mutating func reset() -> Range<Int> {
        active.removeAll(keepingCapacity: true)
        matcher.start(into: &active)
        return 0..<active.count
    }

    /// The range of nodes reached from `parent` through an object key.
    @inline(__always)
    mutating func child(of parent: Range<Int>, key: Span<UInt8>) -> Range<Int> {
        let base = active.count
        if !parent.isEmpty { matcher.step(&active, from: parent, key: key) }
        return base..<active.count
    }

    /// The range of nodes reached from `parent` through an array index.
    mutating func child(of parent: Range<Int>, index: Int) -> Range<Int> {
        let base = active.count
        if !parent.isEmpty { matcher.step(&active, from: parent, index: index) }
        return base..<active.count
    }

    /// The range of nodes reached from `parent` by an object member's key or an array element's index.
    mutating func child(of parent: Range<Int>, isObject: Bool, key: Span<UInt8>, index: Int) -> Range<Int> {
        isObject ? child(of: parent, key: key) : child(of: parent, index: index)
    }

    /// For the object whose children's nodes are `range`: the filter of the keys that may lead
    /// somewhere (`PathMatcher.keyFilter`), when the range holds one node; else all bits.
    func keyFilter(at range: Range<Int>) -> UInt64 {
        range.count == 1 ? matcher.keyFilter(of: active[range.lowerBound]) : ~0
    }

    /// Forgets every range from `start` on (leaving a value).
    mutating func truncate(to start: Int) {
        // One or two nodes at a time: `removeLast(n)` goes through the generic replaceSubrange.
        while active.count > start { active.removeLast() }
    }

    /// The rule selecting the value whose nodes are `range`.
    func rule(at range: Range<Int>) -> Int? {
        range.isEmpty ? nil : matcher.bestRule(in: active, range: range)
    }
}
