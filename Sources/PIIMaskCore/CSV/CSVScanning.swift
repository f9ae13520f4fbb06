/// The byte-level CSV grammar (RFC 4180, with LF or CRLF record ends): one field at a time.
enum CSVScanning {
    struct Field: Equatable {
        /// The field as written, quotes included.
        var raw: Range<Int>
        /// The value's bytes (inside the quotes for a quoted field).
        var content: Range<Int>
        var quoted: Bool
        /// A quoted field containing `""`, whose value must be decoded.
        var hasDoubledQuotes: Bool
        /// Where the next field or record starts.
        var next: Int
        /// Whether this field ends its record; then `recordEnd` is where its terminator starts.
        var endsRecord: Bool
        var recordEnd: Int
        /// Line feeds inside the field (quoted fields may span lines).
        var newlines: Int
        /// An unquoted field holding a CR that does not start a line end (data, which a rewritten
        /// value must then quote).
        var loneCR = false
    }

    struct SyntaxError: Error, Equatable {
        let offset: Int
        let message: String
    }

    /// Where an unquoted field starting at `start` ends: the index of its delimiter, of the line
    /// feed or CR LF after it, of the end of `bytes`, or of a quote (an error, for the caller to
    /// report). A lone CR is data (and sets `loneCR`). When `profiling`, the field's bytes are
    /// profiled into `sums` on the way with `table` (which must stop at the delimiter, quote, CR
    /// and LF).
    @inline(__always)
    static func unquotedEnd(
        _ bytes: Span<UInt8>, from start: Int, dialect: CSVDialect, table: ByteProfileTable, profiling: Bool,
        sums: inout ProfileSums, loneCR: inout Bool
    ) -> Int {
        let count = bytes.count
        var index = start
        while true {
            if profiling {
                table.accumulate(bytes, from: &index, into: &sums)
            } else {
                index = ByteSearch.firstIndex(ofAny: dialect.delimiter, dialect.quote, 0x0A, 0x0D, in: bytes, from: index)
            }
            guard index < count, bytes[index] == 0x0D else { return index }
            if index + 1 < count && bytes[index + 1] == 0x0A { return index }
            loneCR = true
            index += 1
        }
    }

    /// What follows a field that ends at `end`.
    struct Boundary {
        /// Where the next field or record starts.
        var next: Int
        var endsRecord: Bool
        /// A line feed (or CR LF) ends the record, rather than the end of the input.
        var terminated: Bool
    }

    /// The delimiter, record end or end of input at `end`; nil for anything else.
    @inline(__always)
    static func boundary(_ bytes: Span<UInt8>, at end: Int, dialect: CSVDialect) -> Boundary? {
        let count = bytes.count
        if end == count { return Boundary(next: end, endsRecord: true, terminated: false) }
        let byte = bytes[end]
        if byte == dialect.delimiter { return Boundary(next: end + 1, endsRecord: false, terminated: false) }
        if byte == 0x0A { return Boundary(next: end + 1, endsRecord: true, terminated: true) }
        if byte == 0x0D && end + 1 < count && bytes[end + 1] == 0x0A { return Boundary(next: end + 2, endsRecord: true, terminated: true) }
        return nil
    }

    /// Scans the field starting at `start`.
    static func scanField(_ bytes: Span<UInt8>, at start: Int, dialect: CSVDialect) -> Result<Field, SyntaxError> {
        let count = bytes.count
        if start < count && bytes[start] == dialect.quote {
            var index = start + 1
            var doubled = false
            var newlines = 0
            while true {
                guard let quote = ByteSearchIn.firstIndex(of: dialect.quote, in: bytes, from: index, counting: 0x0A, into: &newlines) else {
                    return .failure(SyntaxError(offset: start, message: "unterminated quoted field"))
                }
                if quote + 1 < count && bytes[quote + 1] == dialect.quote {
                    doubled = true
                    index = quote + 2
                    continue
                }
                var field = Field(raw: start..<(quote + 1), content: (start + 1)..<quote, quoted: true,
                                  hasDoubledQuotes: doubled, next: quote + 1, endsRecord: false, recordEnd: 0, newlines: newlines)
                guard finish(&field, bytes, after: quote + 1, dialect: dialect) else {
                    return .failure(SyntaxError(offset: quote + 1, message: "text after the closing quote of a field"))
                }
                return .success(field)
            }
        }
        var index = start
        var loneCR = false
        while index < count {
            let byte = bytes[index]
            if byte == dialect.delimiter || byte == 0x0A { break }
            if byte == 0x0D {
                if index + 1 < count && bytes[index + 1] == 0x0A { break }
                loneCR = true
            }
            if byte == dialect.quote {
                return .failure(SyntaxError(offset: index, message: "quote inside an unquoted field"))
            }
            index += 1
        }
        var field = Field(raw: start..<index, content: start..<index, quoted: false, hasDoubledQuotes: false,
                          next: index, endsRecord: false, recordEnd: 0, newlines: 0, loneCR: loneCR)
        _ = finish(&field, bytes, after: index, dialect: dialect)
        return .success(field)
    }

    /// Reads what follows a field: a delimiter, a record end, or the end of input.
    private static func finish(_ field: inout Field, _ bytes: Span<UInt8>, after index: Int, dialect: CSVDialect) -> Bool {
        let count = bytes.count
        if index == count {
            field.endsRecord = true
            field.recordEnd = index
            field.next = index
            return true
        }
        let byte = bytes[index]
        if byte == dialect.delimiter {
            field.next = index + 1
            return true
        }
        if byte == 0x0A {
            field.endsRecord = true
            field.recordEnd = index
            field.next = index + 1
            return true
        }
        if byte == 0x0D && index + 1 < count && bytes[index + 1] == 0x0A {
            field.endsRecord = true
            field.recordEnd = index
            field.next = index + 2
            return true
        }
        return false
    }

    /// Where the record starting at `start` ends: just after the line feed that ends it, or nil
    /// when `bytes` ends first.
    ///
    /// This is the one definition of a record's extent, shared by the framer (cutting chunks) and
    /// the masker (skipping a record that does not parse), so that records are the same however
    /// the input is chunked. A quote opens a quoted field only at the start of a field, and inside
    /// one a line feed is data; any other quote is data too (the masker then rejects the record,
    /// which still ends where this says).
    ///
    /// It jumps with memchr: to the next line feed, then to the next quote before it. Text before
    /// a quote holds no quote, so the quote opens a field exactly when it starts the record or
    /// follows a delimiter; an opening quote jumps to its closing one (a quote not followed by
    /// another), a quote inside a field is skipped.
    static func recordEnd(in bytes: Span<UInt8>, from start: Int, dialect: CSVDialect) -> Int? {
        let quote = dialect.quote
        var index = start
        while true {
            guard let newline = ByteSearch.firstIndex(of: 0x0A, in: bytes, from: index) else { return nil }
            guard let found = ByteSearch.firstIndex(of: quote, in: bytes.extracting(0..<newline), from: index) else {
                return newline + 1
            }
            index = found + 1
            guard found == start || bytes[found - 1] == dialect.delimiter else { continue }
            while true {
                guard let closing = ByteSearch.firstIndex(of: quote, in: bytes, from: index) else { return nil }
                index = closing + 1
                guard index < bytes.count && bytes[index] == quote else { break }
                index += 1  // a doubled quote
            }
        }
    }

    /// Decodes a quoted field's content (`""` becomes `"`).
    static func unquote(_ content: Span<UInt8>, quote: UInt8, into output: inout [UInt8]) {
        var index = 0
        while index < content.count {
            let byte = content[index]
            output.append(byte)
            index += byte == quote && index + 1 < content.count && content[index + 1] == quote ? 2 : 1
        }
    }

    /// Appends a value as a CSV field, quoted when it must be (or when `forceQuotes`).
    static func appendField(_ value: Span<UInt8>, dialect: CSVDialect, forceQuotes: Bool, into output: inout [UInt8]) {
        let needsQuotes = forceQuotes
            || ByteSearch.firstIndex(ofAny: dialect.delimiter, dialect.quote, 0x0A, 0x0D, in: value, from: 0) < value.count
        guard needsQuotes else {
            output.append(contentsOf: value)
            return
        }
        output.append(dialect.quote)
        for index in value.indices {
            let byte = value[index]
            output.append(byte)
            if byte == dialect.quote { output.append(byte) }
        }
        output.append(dialect.quote)
    }
}

/// memchr that also counts another byte on the way (line feeds inside quoted fields).
enum ByteSearchIn {
    static func firstIndex(of byte: UInt8, in bytes: Span<UInt8>, from start: Int, counting other: UInt8, into tally: inout Int) -> Int? {
        guard let found = ByteSearch.firstIndex(of: byte, in: bytes, from: start) else { return nil }
        var index = start
        while let hit = ByteSearch.firstIndex(of: other, in: bytes.extracting(0..<found), from: index) {
            tally += 1
            index = hit + 1
        }
        return found
    }
}
