// Why this file is built this way
//
// An event is mostly its records' base64 strings (1.4 MB for 1 MiB of data), and the transformer
// needs only where each record's id and payload are. So the event is read in one streaming pass:
// the three levels that matter (the event object, its `records` array, each record object) are
// stepped through with `EventJSON.Container`, and every other value is validated by
// `EventJSON.skip` without being built. No tree is allocated (nor freed) per record. Record ids
// and payloads are found with `JSONScanning.scanString`, sixteen bytes at a time.
//
// The answer is the one a tree would give: the whole document is validated before the event's
// shape is judged, a repeated member counts by its first occurrence (as `EventJSON`'s subscript
// does), and member names are compared with their escapes decoded. The tests check this against
// `EventJSON.parse` on truncated and mutated events.

/// Where one record's fields are in the event.
struct FirehoseRecordInput: Sendable, Equatable {
    var idRange: Range<Int>
    var idEscaped: Bool
    var field: FirehosePayloadField
    /// The base64 string's content range, or nil when the record has none.
    var payload: Range<Int>?
    var payloadEscaped: Bool
}

/// The member that holds a record's base64 payload.
enum FirehosePayloadField: String, Sendable {
    case data
    /// MSK records, which expect their payload back under the same name.
    case kafkaRecordValue
}

/// Reading the records of a Firehose data-transformation event.
enum FirehoseEvent {
    /// The records of `bytes`, or why it is not a Firehose event.
    static func records(_ bytes: Span<UInt8>) throws(FirehoseError) -> [FirehoseRecordInput] {
        var reader = Reader()
        do {
            try reader.read(bytes)
        } catch {
            throw FirehoseError(.invalidEvent, "the event is not valid JSON: \(error.message) at byte \(error.offset + 1)")
        }
        guard reader.recordsFound else {
            throw FirehoseError(.invalidEvent, "not a Firehose transformation event: it needs a \"records\" array")
        }
        if let index = reader.firstInvalidRecord {
            throw FirehoseError(.invalidEvent, "record \(index + 1) of the event has no \"recordId\" string")
        }
        return reader.inputs
    }

    /// The whole-document pass; the event's shape is judged by `records` afterwards.
    private struct Reader {
        /// Whether the event is an object whose (first) `records` member is an array.
        var recordsFound = false
        /// The first record that is not an object with a `recordId` string.
        var firstInvalidRecord: Int?
        var inputs: [FirehoseRecordInput] = []

        mutating func read(_ bytes: Span<UInt8>) throws(JSONSyntaxError) {
            let start = JSONScanning.skipWhitespace(bytes, from: 0)
            guard start < bytes.count else { throw JSONSyntaxError(offset: 0, message: "empty document") }
            let end: Int
            if bytes[start] == UInt8(ascii: "{") {
                end = try event(bytes, at: start)
            } else {
                end = try EventJSON.skip(bytes, at: start, depth: 0)
            }
            let rest = JSONScanning.skipWhitespace(bytes, from: end)
            guard rest == bytes.count else {
                throw JSONSyntaxError(offset: rest, message: JSONScanning.describeUnexpected(bytes, at: rest, expecting: "the end of the document"))
            }
        }

        /// The event object (depth 1); returns the offset after it.
        private mutating func event(_ bytes: Span<UInt8>, at start: Int) throws(JSONSyntaxError) -> Int {
            var cursor = try EventJSON.Container(bytes, at: start, object: true, depth: 1)
            var seenRecords = false
            while let member = try cursor.next(bytes) {
                if !seenRecords, member.name!.equals("records", in: bytes) {
                    seenRecords = true
                    if member.value < bytes.count && bytes[member.value] == UInt8(ascii: "[") {
                        recordsFound = true
                        cursor.pos = try records(bytes, at: member.value)
                        continue
                    }
                }
                cursor.pos = try EventJSON.skip(bytes, at: member.value, depth: 1)
            }
            return cursor.pos
        }

        /// The records array (depth 2).
        private mutating func records(_ bytes: Span<UInt8>, at start: Int) throws(JSONSyntaxError) -> Int {
            var cursor = try EventJSON.Container(bytes, at: start, object: false, depth: 2)
            var index = 0
            while let element = try cursor.next(bytes) {
                if firstInvalidRecord == nil, element.value < bytes.count, bytes[element.value] == UInt8(ascii: "{") {
                    cursor.pos = try record(bytes, at: element.value, index: index)
                } else {
                    if firstInvalidRecord == nil { firstInvalidRecord = index }
                    cursor.pos = try EventJSON.skip(bytes, at: element.value, depth: 2)
                }
                index += 1
            }
            return cursor.pos
        }

        /// One record object (depth 3): its first `recordId`, `data` and `kafkaRecordValue`.
        private mutating func record(_ bytes: Span<UInt8>, at start: Int, index: Int) throws(JSONSyntaxError) -> Int {
            var cursor = try EventJSON.Container(bytes, at: start, object: true, depth: 3)
            var id: EventJSON.StringRange?, idSeen = false
            var data: EventJSON.StringRange?, dataSeen = false
            var kafka: EventJSON.StringRange?, kafkaSeen = false
            while let member = try cursor.next(bytes) {
                let name = member.name!
                if !idSeen, name.equals("recordId", in: bytes) {
                    idSeen = true
                    (id, cursor.pos) = try Self.string(bytes, at: member.value)
                } else if !dataSeen, name.equals("data", in: bytes) {
                    dataSeen = true
                    (data, cursor.pos) = try Self.string(bytes, at: member.value)
                } else if !kafkaSeen, name.equals("kafkaRecordValue", in: bytes) {
                    kafkaSeen = true
                    (kafka, cursor.pos) = try Self.string(bytes, at: member.value)
                } else {
                    cursor.pos = try EventJSON.skip(bytes, at: member.value, depth: 3)
                }
            }
            guard let id else {
                firstInvalidRecord = index
                return cursor.pos
            }
            // A record without `data` may be an MSK record, which has `kafkaRecordValue` instead.
            let useKafka = !dataSeen && kafkaSeen
            let payload = useKafka ? kafka : data
            inputs.append(FirehoseRecordInput(
                idRange: id.content, idEscaped: id.escaped, field: useKafka ? .kafkaRecordValue : .data,
                payload: payload?.content, payloadEscaped: payload?.escaped ?? false))
            return cursor.pos
        }

        /// The value at `start` and the offset after it; the value's range when it is a string.
        private static func string(_ bytes: Span<UInt8>, at start: Int) throws(JSONSyntaxError) -> (EventJSON.StringRange?, Int) {
            guard start < bytes.count, bytes[start] == UInt8(ascii: "\"") else {
                return (nil, try EventJSON.skip(bytes, at: start, depth: 3))
            }
            switch JSONScanning.scanString(bytes, at: start) {
            case .string(let content, let escaped, let end): return (EventJSON.StringRange(content: content, escaped: escaped), end)
            case .error(let failure): throw failure.syntaxError
            }
        }
    }
}
