/// One open object or array of the JSON record being scanned.
struct JSONFrame {
    /// What happens to the container when it closes.
    enum CloseAction {
        case none
        /// A field rule's `drop`: the member is removed.
        case drop
        /// A field rule's `null`: the value becomes `null`.
        case null
    }

    let isObject: Bool
    /// Nothing inside is masked or looked up: the container is kept, dropped or nulled whole.
    let frozen: Bool
    /// The decision every value inside takes unless a rule selects it more specifically.
    let inherited: FieldDecision
    let onClose: CloseAction
    /// Active rule-trie nodes for this container's children.
    let paths: Range<Int>
    let recordPaths: Range<Int>
    /// Where the container's value starts, and where it starts as a member (its key), for drop.
    let valueStart: Int
    let memberStart: Int
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

    /// Stands for "no container" while the scanner is at a record's top level: not frozen, no key.
    static let outside = JSONFrame(
        isObject: false, frozen: false, inherited: MaskingEngine.defaultDecision, onClose: .none, paths: 0..<0,
        recordPaths: 0..<0, valueStart: -1, memberStart: 0, key: 0..<0, lastEnd: 0)

    /// Whether this is the `outside` stand-in.
    var isOutside: Bool { valueStart < 0 }

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
