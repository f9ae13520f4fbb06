/// What masking one chunk of records produced besides output bytes.
public struct ChunkOutcome: Sendable, Equatable {
    /// Records and lines the chunk held (CSV records may span lines).
    public var records = 0
    public var lines = 0
    /// Records that fell under the error policy, numbered from 1 within the chunk; the pipeline
    /// adds the records and lines of earlier chunks.
    public var issues: [RecordIssue] = []
    /// Set under `--on-error fail`: the chunk stopped at this record; output holds the records before it.
    public var fatal: RecordIssue?

    public init() {}
}
