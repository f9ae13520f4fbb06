/// The column names of a CSV input, read from its first record.
public final class CSVHeader: Sendable {
    /// Decoded names, in column order (a leading byte order mark removed).
    public let names: [[UInt8]]

    /// Reads the first record of `bytes`; nil if it does not parse.
    init?(parsing bytes: Span<UInt8>, dialect: CSVDialect) {
        var names: [[UInt8]] = []
        var index = InputEncoding.utf8MarkLength(at: bytes)
        while true {
            guard case .success(let field) = CSVScanning.scanField(bytes, at: index, dialect: dialect) else { return nil }
            var name: [UInt8] = []
            if field.hasDoubledQuotes {
                CSVScanning.unquote(bytes.extracting(field.content), quote: dialect.quote, into: &name)
            } else {
                name.append(contentsOf: bytes.extracting(field.content))
            }
            names.append(name)
            index = field.next
            if field.endsRecord { break }
        }
        self.names = names
    }
}
