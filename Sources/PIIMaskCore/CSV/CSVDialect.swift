/// The punctuation of a CSV file.
public struct CSVDialect: Sendable, Equatable {
    public var delimiter: UInt8
    public var quote: UInt8
    /// Whether the first record names the columns.
    public var hasHeader: Bool

    public init(delimiter: UInt8, quote: UInt8 = UInt8(ascii: "\""), hasHeader: Bool = true) {
        self.delimiter = delimiter
        self.quote = quote
        self.hasHeader = hasHeader
    }

    /// RFC 4180.
    public static let comma = CSVDialect(delimiter: UInt8(ascii: ","))
    /// Tab-separated values.
    public static let tab = CSVDialect(delimiter: 0x09)
}
