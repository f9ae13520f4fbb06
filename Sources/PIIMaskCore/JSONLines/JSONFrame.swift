/// One open object or array of the JSON record being scanned: only containers the rules look
/// inside are opened; the rest are validated whole by `JSONScanning.skipValue`.
struct JSONFrame {
    let isObject: Bool
    /// The decision every value inside takes unless a rule selects it more specifically.
    let inherited: FieldDecision
    /// Active rule-trie nodes for this container's children.
    let paths: Range<Int>
    let recordPaths: Range<Int>
    /// For an object whose members only their keys can lead to a rule (one trie node, no detection,
    /// no record rules): the node's `PathMatcher.keyFilter`, so that most members are skipped
    /// without a path step. All bits otherwise: every member takes the full path.
    let memberFilter: UInt64
    /// Whether this is the `outside` stand-in.
    let isOutside: Bool
    /// The key this container sits under (content range; may contain escapes).
    let key: Range<Int>
    /// The current child's key (objects), for context words and audit paths.
    var childKey: Range<Int> = 0..<0
    /// Children seen, children kept (not dropped), and the end of the last child's value.
    var count = 0
    var kept = 0
    var lastEnd: Int
    /// The first kept child is still to come after a dropped one: skip the separator before it.
    var skipToNext = false

    init(
        isObject: Bool, inherited: FieldDecision, paths: Range<Int>, recordPaths: Range<Int>, memberFilter: UInt64, key: Range<Int>,
        lastEnd: Int, isOutside: Bool = false
    ) {
        self.isObject = isObject
        self.inherited = inherited
        self.paths = paths
        self.recordPaths = recordPaths
        self.memberFilter = memberFilter
        self.key = key
        self.lastEnd = lastEnd
        self.isOutside = isOutside
    }

    /// Stands for "no container" while the scanner is at a record's top level: no key.
    static let outside = JSONFrame(
        isObject: false, inherited: MaskingEngine.defaultDecision, paths: 0..<0, recordPaths: 0..<0, memberFilter: ~0, key: 0..<0,
        lastEnd: 0, isOutside: true)

    /// Counts a child that ended at `end` (one access to the frame for all three fields).
    mutating func finishChild(end: Int, dropped: Bool) {
        count += 1
        if !dropped { kept += 1 }
        lastEnd = end
    }
}

/// Why a JSON record was rejected, and where (byte offset in the record).
public struct JSONSyntaxError: Error, Equatable, Sendable {
    public let offset: Int
    public let message: String
}

/// How one JSON record ended.
enum JSONRecordOutcome: Equatable {
    case masked
    /// A record rule matched: leave the record out.
    case droppedByRule
    case invalid(JSONSyntaxError)
}
