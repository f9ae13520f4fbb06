/// The record formats piimask reads and writes.
public enum RecordFormat: String, Sendable, CaseIterable {
    /// JSON Lines: one JSON value per line.
    case jsonl
    /// RFC 4180 comma-separated values.
    case csv
    /// Tab-separated values (the CSV dialect with a tab delimiter).
    case tsv
    /// Plain text: each line is one value.
    case text

    /// Picks a format from the first bytes of the input: `{` starts JSON Lines (not `[`: log lines
    /// often start with a bracketed timestamp); a first line with tabs is TSV; one with commas
    /// (and not plain prose) is CSV; anything else is text.
    public static func detect(from prefix: Span<UInt8>) -> RecordFormat {
        var index = InputEncoding.utf8MarkLength(at: prefix)
        while index < prefix.count && (prefix[index] == 0x20 || prefix[index] == 0x09 || prefix[index] == 0x0A || prefix[index] == 0x0D) {
            index += 1
        }
        guard index < prefix.count else { return .text }
        if prefix[index] == UInt8(ascii: "{") { return .jsonl }
        var tabs = 0
        var commas = 0
        var position = index
        while position < prefix.count && prefix[position] != 0x0A {
            if prefix[position] == 0x09 { tabs += 1 }
            if prefix[position] == UInt8(ascii: ",") { commas += 1 }
            position += 1
        }
        if tabs > 0 { return .tsv }
        if commas > 0 && CSVHeuristics.looksLikeHeader(prefix.extracting(index..<position)) { return .csv }
        return .text
    }
}

/// What to do with a record that cannot be parsed in its format.
public enum ErrorPolicy: String, Sendable, CaseIterable {
    /// Mask the raw record as plain text with every active detector (the default: fail closed).
    case mask
    /// Leave the record out of the output.
    case drop
    /// Stop with exit status 1.
    case fail
}

enum CSVHeuristics {
    /// A CSV header is a list of short names: no field longer than 64 bytes or with sentence spaces.
    static func looksLikeHeader(_ line: Span<UInt8>) -> Bool {
        var fieldLength = 0
        var spaces = 0
        for index in line.indices {
            let byte = line[index]
            if byte == UInt8(ascii: ",") {
                if fieldLength > 64 || spaces > 3 { return false }
                fieldLength = 0
                spaces = 0
            } else {
                fieldLength += 1
                if byte == 0x20 { spaces += 1 }
            }
        }
        return fieldLength <= 64 && spaces <= 3
    }
}
