/// The entities found in one record, for AWS Glue's `DetectedEntities` audit field:
/// `{"<field>": [{"entityType": "EMAIL", "actionUsed": "REDACT", "start": 0, "end": 17}]}`.
///
/// Offsets count characters (Unicode scalars) of the original, unescaped value, end exclusive.
struct AuditLog {
    struct Entry {
        let field: String
        let entity: String
        let action: String
        let start: Int
        let end: Int
    }

    private(set) var entries: [Entry] = []

    mutating func reset() { entries.removeAll(keepingCapacity: true) }

    mutating func add(field: String, entity: String, action: MaskAction, range: Range<Int>, in value: Span<UInt8>) {
        var start = 0
        var end = 0
        for index in 0..<range.upperBound where value[index] & 0xC0 != 0x80 {
            if index < range.lowerBound { start += 1 }
            end += 1
        }
        entries.append(Entry(field: field, entity: entity, action: action.auditName, start: start, end: end))
    }

    /// Appends the audit object (`{}` when nothing was found).
    func appendJSON(into output: inout [UInt8]) {
        var fields: [String] = []
        for entry in entries where !fields.contains(entry.field) { fields.append(entry.field) }
        output.append(UInt8(ascii: "{"))
        for (fieldNumber, field) in fields.enumerated() {
            if fieldNumber > 0 { output.append(UInt8(ascii: ",")) }
            appendString(field, into: &output)
            output.append(contentsOf: ":[".utf8)
            var first = true
            for entry in entries where entry.field == field {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                output.append(contentsOf: "{\"entityType\":".utf8)
                appendString(entry.entity, into: &output)
                output.append(contentsOf: ",\"actionUsed\":".utf8)
                appendString(entry.action, into: &output)
                output.append(contentsOf: ",\"start\":\(entry.start),\"end\":\(entry.end)}".utf8)
            }
            output.append(UInt8(ascii: "]"))
        }
        output.append(UInt8(ascii: "}"))
    }

    private func appendString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        let bytes = Array(text.utf8)
        JSONEscaping.escape(bytes.span, into: &output)
        output.append(UInt8(ascii: "\""))
    }
}

extension MaskAction {
    /// The action's name in the audit, as AWS Glue names its actions where Glue has them.
    var auditName: String {
        switch self {
        case .keep: "DETECT"
        case .redact: "REDACT"
        case .partial: "PARTIAL_REDACT"
        case .sha256: "SHA256_HASH"
        case .hash: "HMAC_SHA256_HASH"
        case .pseudonym: "PSEUDONYMIZE"
        case .generalize: "GENERALIZE"
        case .null: "NULL"
        case .drop: "DROP"
        }
    }
}
