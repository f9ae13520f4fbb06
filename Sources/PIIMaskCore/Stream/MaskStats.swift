/// Counters of one run (or one chunk, merged into the run's).
public struct MaskStats: Sendable, Equatable {
    public var recordsIn = 0
    public var recordsOut = 0
    public var bytesIn = 0
    public var bytesOut = 0
    /// Matches per entity, indexed like `MaskingEngine.entityNames`.
    public var matches: [Int]
    /// Values whose field rule rewrote them.
    public var fieldRuleHits = 0
    /// Records that could not be parsed and were masked as text / dropped.
    public var malformedMasked = 0
    public var malformedDropped = 0
    /// Records dropped by record rules.
    public var droppedByRule = 0
    /// Values masked whole because a regex hit its match limit.
    public var limitHits = 0

    public init(entityCount: Int) {
        matches = [Int](repeating: 0, count: entityCount)
    }

    /// Adds another chunk's counters.
    public mutating func merge(_ other: MaskStats) {
        recordsIn += other.recordsIn
        recordsOut += other.recordsOut
        bytesIn += other.bytesIn
        bytesOut += other.bytesOut
        for index in matches.indices { matches[index] += other.matches[index] }
        fieldRuleHits += other.fieldRuleHits
        malformedMasked += other.malformedMasked
        malformedDropped += other.malformedDropped
        droppedByRule += other.droppedByRule
        limitHits += other.limitHits
    }

    public var totalMatches: Int { matches.reduce(0, +) }
}

/// A record that fell under the error policy.
public struct RecordIssue: Sendable, Equatable {
    /// 1-based record number in the input (across files), and the line it starts on.
    public var record: Int
    public var line: Int
    /// 1-based byte column in the record, when the parser knows it.
    public var column: Int?
    public var message: String

    public init(record: Int, line: Int, column: Int?, message: String) {
        self.record = record
        self.line = line
        self.column = column
        self.message = message
    }
}
