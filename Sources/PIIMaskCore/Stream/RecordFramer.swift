/// Finds where complete records end in a buffer, so chunks handed to workers hold whole records.
enum RecordFramer {
    /// A newline ends a record.
    case lines
    /// A newline outside a quoted field ends a record (`CSVScanning.recordEnd`).
    case csv(CSVDialect)

    init(format: RecordFormat, dialect: CSVDialect) {
        switch format {
        case .jsonl, .text: self = .lines
        case .csv, .tsv: self = .csv(dialect)
        }
    }

    /// The offset just after the last complete record's terminator in `bytes`, or nil when
    /// `bytes` holds no complete record. `bytes` must start at a record boundary.
    func lastBoundary(in bytes: Span<UInt8>) -> Int? {
        switch self {
        case .lines:
            return ByteSearch.lastIndex(of: 0x0A, in: bytes, before: bytes.count).map { $0 + 1 }
        case .csv(let dialect):
            var boundary: Int?
            while let end = CSVScanning.recordEnd(in: bytes, from: boundary ?? 0, dialect: dialect) { boundary = end }
            return boundary
        }
    }
}
