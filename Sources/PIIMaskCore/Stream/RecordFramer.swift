/// Finds where complete records end in a buffer, so chunks handed to workers hold whole records.
enum RecordFramer {
    /// A newline ends a record.
    case lines
    /// A newline outside quotes ends a record.
    case csv(quote: UInt8)

    init(format: RecordFormat, dialect: CSVDialect) {
        switch format {
        case .jsonl, .text: self = .lines
        case .csv, .tsv: self = .csv(quote: dialect.quote)
        }
    }

    /// The offset just after the last complete record's terminator in `bytes`, or nil when
    /// `bytes` holds no complete record. `bytes` must start at a record boundary.
    func lastBoundary(in bytes: Span<UInt8>) -> Int? {
        switch self {
        case .lines:
            return ByteSearch.lastIndex(of: 0x0A, in: bytes, before: bytes.count).map { $0 + 1 }
        case .csv(let quote):
            var inQuotes = false
            var boundary: Int?
            for index in bytes.indices {
                let byte = bytes[index]
                if byte == quote {
                    inQuotes.toggle()
                } else if byte == 0x0A && !inQuotes {
                    boundary = index + 1
                }
            }
            return boundary
        }
    }
}
