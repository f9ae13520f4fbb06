// Why this file is built this way
//
// Field rules are matched on every value of every record, so matching must not cost more with 50
// rules than with one. Selectors are compiled into a trie whose edges are literal keys, `*`,
// indices, `[*]`, and `**` (a node that loops on any component). A record scanner keeps the set of
// active trie nodes per nesting level in one flat array (`ActivePaths`), stepping it once per key or
// array element: one probe of an open-addressing table per key, whatever the number of rules, and
// nothing allocated once the arrays have grown. The trie is stored as plain arrays of integers (no
// per-node dictionaries), so a step copies no reference-counted values and hashes nothing twice.
// Most keys of a record lead nowhere: a per-node 64-bit filter of the key edges' (length, first
// and last byte) rejects those before the key is hashed.

/// Compiled selectors, walked along a JSON path or resolved for a CSV column.
public final class PathMatcher: Sendable {
    /// Per node: the child through `*`, `[*]` and `**` (-1: none), whether the node is a `**`
    /// node (it stays active on any component), and the best rule whose selector ends there.
    private let anyKey: [Int32]
    private let anyIndex: [Int32]
    private let anyDepth: [Int32]
    private let loops: [Bool]
    private let rules: [Int32]
    /// Literal key edges, and per node a filter of its edges' `KeyHash.filterBits` (all bits for a
    /// node that any key leaves: `*` or `**`), so that a key whose bits are not all in it leads nowhere.
    private let keyEdges: KeyEdgeTable
    private let keyFilter: [UInt64]
    /// Index edges (rare: a selector such as `items[0]`).
    private let indexEdges: [IndexEdge: Int32]
    private let specificity: [Int]

    /// Whether there are no selectors at all (the scanners then skip path tracking).
    public var isEmpty: Bool { specificity.isEmpty }

    /// Compiles the selectors; rule numbers are their positions in the array.
    public init(_ selectors: [Selector]) {
        var anyKey: [Int32] = [-1]
        var anyIndex: [Int32] = [-1]
        var anyDepth: [Int32] = [-1]
        var loops = [false]
        var rules: [Int32] = [-1]
        var keyEdges: [(parent: Int32, key: [UInt8], child: Int32)] = []
        var indexEdges: [IndexEdge: Int32] = [:]
        specificity = selectors.map(\.specificity)
        func make() -> Int32 {
            anyKey.append(-1)
            anyIndex.append(-1)
            anyDepth.append(-1)
            loops.append(false)
            rules.append(-1)
            return Int32(rules.count - 1)
        }
        func child(of parent: Int32, for segment: Selector.Segment) -> Int32 {
            switch segment {
            case .key(let name):
                let bytes = Array(name.utf8)
                if let edge = keyEdges.first(where: { $0.parent == parent && $0.key == bytes }) { return edge.child }
                let node = make()
                keyEdges.append((parent, bytes, node))
                return node
            case .anyKey:
                if anyKey[Int(parent)] < 0 { anyKey[Int(parent)] = make() }
                return anyKey[Int(parent)]
            case .index(let index):
                let slot = IndexEdge(parent: parent, index: index)
                if let node = indexEdges[slot] { return node }
                let node = make()
                indexEdges[slot] = node
                return node
            case .anyIndex:
                if anyIndex[Int(parent)] < 0 { anyIndex[Int(parent)] = make() }
                return anyIndex[Int(parent)]
            case .anyDepth:
                if anyDepth[Int(parent)] < 0 {
                    let node = make()
                    loops[Int(node)] = true
                    anyDepth[Int(parent)] = node
                }
                return anyDepth[Int(parent)]
            }
        }
        for (rule, selector) in selectors.enumerated() {
            var node: Int32 = 0
            for segment in selector.segments { node = child(of: node, for: segment) }
            let current = rules[Int(node)]
            if current < 0 || specificity[rule] > specificity[Int(current)] {
                rules[Int(node)] = Int32(rule)
            }
        }
        self.anyKey = anyKey
        self.anyIndex = anyIndex
        self.anyDepth = anyDepth
        self.loops = loops
        self.rules = rules
        self.keyEdges = KeyEdgeTable(keyEdges)
        var keyFilter = [UInt64](repeating: 0, count: rules.count)
        for edge in keyEdges { keyFilter[Int(edge.parent)] |= KeyHash.filterBits(edge.key.span) }
        for node in keyFilter.indices where anyKey[node] >= 0 || loops[node] { keyFilter[node] = ~0 }
        self.keyFilter = keyFilter
        self.indexEdges = indexEdges
    }

    /// Adds `node` and what it reaches without consuming a component (its `**` child).
    @inline(__always)
    func addClosure(_ node: Int32, to set: inout [Int32], from base: Int) {
        var current = node
        while current >= 0 {
            if !set[base...].contains(current) { set.append(current) }
            current = anyDepth[Int(current)]
        }
    }

    /// Appends the root's active set to `set`.
    func start(into set: inout [Int32]) {
        let base = set.count
        addClosure(0, to: &set, from: base)
    }

    /// The filter of the keys that may lead somewhere from `node`: a key whose `KeyHash.filterBits`
    /// are not all in it reaches no node (all bits when any key does: `*` or `**`).
    func keyFilter(of node: Int32) -> UInt64 { keyFilter[Int(node)] }

    /// Appends to `set` the nodes reached from `set[from]` by an object key.
    @inline(__always)
    func step(_ set: inout [Int32], from range: Range<Int>, key: Span<UInt8>) {
        let filterBits = KeyHash.filterBits(key)
        // Most keys lead nowhere from the one node a path is usually at: settle that inline.
        if range.count == 1 && keyFilter[Int(set[range.lowerBound])] & filterBits != filterBits { return }
        step(&set, from: range, key: key, filterBits: filterBits)
    }

    private func step(_ set: inout [Int32], from range: Range<Int>, key: Span<UInt8>, filterBits: UInt64) {
        let base = set.count
        var hash: UInt64?
        for position in range {
            let node = set[position]
            if keyFilter[Int(node)] & filterBits == filterBits {
                let keyHash = hash ?? KeyHash.of(key)
                hash = keyHash
                if let child = keyEdges.child(of: node, key: key, hash: keyHash) { addClosure(child, to: &set, from: base) }
            }
            if anyKey[Int(node)] >= 0 { addClosure(anyKey[Int(node)], to: &set, from: base) }
            if loops[Int(node)] { addClosure(node, to: &set, from: base) }
        }
    }

    /// Appends to `set` the nodes reached from `set[from]` by an array index (or CSV column number).
    func step(_ set: inout [Int32], from range: Range<Int>, index: Int) {
        let base = set.count
        for position in range {
            let node = set[position]
            if !indexEdges.isEmpty, let child = indexEdges[IndexEdge(parent: node, index: index)] {
                addClosure(child, to: &set, from: base)
            }
            if anyIndex[Int(node)] >= 0 { addClosure(anyIndex[Int(node)], to: &set, from: base) }
            if loops[Int(node)] { addClosure(node, to: &set, from: base) }
        }
    }

    /// The best rule ending at any node of `set[range]`: most specific, then earliest.
    func bestRule(in set: [Int32], range: Range<Int>) -> Int? {
        var best: Int?
        for position in range {
            let rule = rules[Int(set[position])]
            guard rule >= 0 else { continue }
            let candidate = Int(rule)
            if let current = best {
                if specificity[candidate] > specificity[current]
                    || (specificity[candidate] == specificity[current] && candidate < current) {
                    best = candidate
                }
            } else {
                best = candidate
            }
        }
        return best
    }

    /// The rule for a CSV column, by its header name (if any) and 0-based index.
    public func rule(forColumnNamed name: [UInt8]?, index: Int) -> Int? {
        var set: [Int32] = []
        start(into: &set)
        let root = 0..<set.count
        let named = set.count
        if let name { step(&set, from: root, key: name.span) }
        step(&set, from: root, index: index)
        return bestRule(in: set, range: named..<set.count)
    }
}

/// FNV-1a over key bytes: cheap, and good enough to pick a bucket before comparing bytes.
enum KeyHash {
    @inline(__always)
    static func of(_ bytes: Span<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for index in bytes.indices {
            hash = (hash ^ UInt64(bytes[index])) &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// Two of 64 bits, from the key's length and its first and last bytes: a node's filter is
    /// the union of its edges' bits, and a key whose two bits are not both in it leads nowhere
    /// (a two-bit Bloom filter; with one bit, a few edges let about one key in sixteen through).
    @inline(__always)
    static func filterBits(_ bytes: Span<UInt8>) -> UInt64 {
        let count = bytes.count
        guard count > 0 else { return 0b11 }
        let mixed = (UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9 ^ UInt64(bytes[0]) &* 0x85EB_CA6B ^ UInt64(bytes[count - 1]))
            &* 0x9E37_79B9_7F4A_7C15
        return 1 << (mixed >> 58) | 1 << (mixed >> 52 & 63)
    }

    static func equal(_ key: [UInt8], _ bytes: Span<UInt8>) -> Bool {
        key.count == bytes.count && equal(key, from: 0, bytes)
    }

    /// Whether `pool[start...]` begins with `bytes`.
    static func equal(_ pool: [UInt8], from start: Int, _ bytes: Span<UInt8>) -> Bool {
        guard start + bytes.count <= pool.count else { return false }
        for index in bytes.indices where pool[start + index] != bytes[index] { return false }
        return true
    }
}

/// An index edge of the trie: the parent node and the array index (or CSV column number).
struct IndexEdge: Hashable, Sendable {
    let parent: Int32
    let index: Int
}

/// The literal key edges of a trie: an open-addressing table of plain integers, probed by the
/// parent node and the key's hash, with the keys' bytes in one pool.
struct KeyEdgeTable: Sendable {
    private struct Entry: Sendable {
        var parent: Int32 = -1  // -1: an empty slot
        var child: Int32 = -1
        var hash: UInt64 = 0
        var keyStart: Int32 = 0
        var keyCount: Int32 = 0
    }

    private var entries: [Entry]
    private var keys: [UInt8] = []
    private let mask: Int

    init(_ edges: [(parent: Int32, key: [UInt8], child: Int32)]) {
        var capacity = 8
        while capacity < edges.count * 2 { capacity *= 2 }
        entries = [Entry](repeating: Entry(), count: capacity)
        mask = capacity - 1
        for edge in edges {
            let hash = KeyHash.of(edge.key.span)
            var slot = Self.slot(edge.parent, hash) & mask
            while entries[slot].parent >= 0 { slot = (slot + 1) & mask }
            entries[slot] = Entry(
                parent: edge.parent, child: edge.child, hash: hash, keyStart: Int32(keys.count), keyCount: Int32(edge.key.count))
            keys.append(contentsOf: edge.key)
        }
    }

    @inline(__always)
    private static func slot(_ parent: Int32, _ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: (hash ^ UInt64(parent) &* 0x9E37_79B9_7F4A_7C15) >> 17)
    }

    /// The child of `parent` through `key` (whose `KeyHash` is `hash`), if any.
    @inline(__always)
    func child(of parent: Int32, key: Span<UInt8>, hash: UInt64) -> Int32? {
        var slot = Self.slot(parent, hash) & mask
        while true {
            let entry = entries[slot]
            if entry.parent < 0 { return nil }
            if entry.parent == parent && entry.hash == hash && Int(entry.keyCount) == key.count
                && KeyHash.equal(keys, from: Int(entry.keyStart), key) {
                return entry.child
            }
            slot = (slot + 1) & mask
        }
    }
}
