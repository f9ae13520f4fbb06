// Why this file is built this way
//
// Field rules are matched on every value of every record, so matching must not cost more with 50
// rules than with one. Selectors are compiled into a trie whose edges are literal keys (looked up
// by a 64-bit hash of the key bytes, then compared), `*`, indices, `[*]`, and `**` (a node that
// loops on any component). A record scanner keeps the set of active trie nodes per nesting level in
// one flat array (`ActivePaths`), stepping it once per key or array element: a dictionary lookup or
// two per key, whatever the number of rules, and nothing allocated once the arrays have grown.

/// Compiled selectors, walked along a JSON path or resolved for a CSV column.
public final class PathMatcher: Sendable {
    struct Node: Sendable {
        var keyChildren: [UInt64: [KeyEdge]] = [:]
        var anyKey: Int32 = -1
        var indexChildren: [Int: Int32] = [:]
        var anyIndex: Int32 = -1
        /// The child reached through `**`: active here and at any depth below.
        var anyDepth: Int32 = -1
        /// Whether this node is a `**` node (it stays active on any component).
        var loops = false
        /// The best rule whose selector ends here.
        var rule: Int32 = -1
    }

    struct KeyEdge: Sendable {
        let key: [UInt8]
        let node: Int32
    }

    let nodes: [Node]
    private let specificity: [Int]

    /// Whether there are no selectors at all (the scanners then skip path tracking).
    public var isEmpty: Bool { specificity.isEmpty }

    /// Compiles the selectors; rule numbers are their positions in the array.
    public init(_ selectors: [Selector]) {
        var nodes = [Node()]
        specificity = selectors.map(\.specificity)
        func child(of parent: Int, for segment: Selector.Segment) -> Int {
            func make() -> Int32 {
                nodes.append(Node())
                return Int32(nodes.count - 1)
            }
            switch segment {
            case .key(let name):
                let bytes = Array(name.utf8)
                let hash = KeyHash.of(bytes.span)
                if let edge = nodes[parent].keyChildren[hash, default: []].first(where: { $0.key == bytes }) {
                    return Int(edge.node)
                }
                let node = make()
                nodes[parent].keyChildren[hash, default: []].append(KeyEdge(key: bytes, node: node))
                return Int(node)
            case .anyKey:
                if nodes[parent].anyKey < 0 { nodes[parent].anyKey = make() }
                return Int(nodes[parent].anyKey)
            case .index(let index):
                if let node = nodes[parent].indexChildren[index] { return Int(node) }
                let node = make()
                nodes[parent].indexChildren[index] = node
                return Int(node)
            case .anyIndex:
                if nodes[parent].anyIndex < 0 { nodes[parent].anyIndex = make() }
                return Int(nodes[parent].anyIndex)
            case .anyDepth:
                if nodes[parent].anyDepth < 0 {
                    let node = make()
                    nodes[Int(node)].loops = true
                    nodes[parent].anyDepth = node
                }
                return Int(nodes[parent].anyDepth)
            }
        }
        for (rule, selector) in selectors.enumerated() {
            var node = 0
            for segment in selector.segments { node = child(of: node, for: segment) }
            let current = nodes[node].rule
            if current < 0 || specificity[rule] > specificity[Int(current)] {
                nodes[node].rule = Int32(rule)
            }
        }
        self.nodes = nodes
    }

    /// Adds `node` and what it reaches without consuming a component (its `**` child).
    @inline(__always)
    func addClosure(_ node: Int32, to set: inout [Int32], from base: Int) {
        var current = node
        while current >= 0 {
            if !set[base...].contains(current) { set.append(current) }
            current = nodes[Int(current)].anyDepth
        }
    }

    /// Appends the root's active set to `set`.
    func start(into set: inout [Int32]) {
        let base = set.count
        addClosure(0, to: &set, from: base)
    }

    /// Appends to `set` the nodes reached from `set[from]` by an object key.
    func step(_ set: inout [Int32], from range: Range<Int>, key: Span<UInt8>) {
        let base = set.count
        let hash = KeyHash.of(key)
        for position in range {
            let node = nodes[Int(set[position])]
            if let edges = node.keyChildren[hash] {
                for edge in edges where KeyHash.equal(edge.key, key) { addClosure(edge.node, to: &set, from: base) }
            }
            if node.anyKey >= 0 { addClosure(node.anyKey, to: &set, from: base) }
            if node.loops { addClosure(set[position], to: &set, from: base) }
        }
    }

    /// Appends to `set` the nodes reached from `set[from]` by an array index (or CSV column number).
    func step(_ set: inout [Int32], from range: Range<Int>, index: Int) {
        let base = set.count
        for position in range {
            let node = nodes[Int(set[position])]
            if let child = node.indexChildren[index] { addClosure(child, to: &set, from: base) }
            if node.anyIndex >= 0 { addClosure(node.anyIndex, to: &set, from: base) }
            if node.loops { addClosure(set[position], to: &set, from: base) }
        }
    }

    /// The best rule ending at any node of `set[range]`: most specific, then earliest.
    func bestRule(in set: [Int32], range: Range<Int>) -> Int? {
        var best: Int?
        for position in range {
            let rule = nodes[Int(set[position])].rule
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

    static func equal(_ key: [UInt8], _ bytes: Span<UInt8>) -> Bool {
        guard key.count == bytes.count else { return false }
        for index in bytes.indices where key[index] != bytes[index] { return false }
        return true
    }
}
