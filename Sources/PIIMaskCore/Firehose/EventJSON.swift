/// A small JSON tree for Firehose events, CloudWatch Logs payloads and partition-key lookups.
///
/// Strings and numbers are kept as byte ranges of the source, so a 6 MB event's base64 `data`
/// values are never copied into `String`s; `string(_:in:)` decodes one when it is needed. Built on
/// the validating pieces of `JSONScanning`, so it accepts exactly RFC 8259 JSON.
indirect enum EventJSON: Sendable {
    case object([(key: String, value: EventJSON)])
    case array([EventJSON])
    /// Content range (without quotes) and whether it holds escapes.
    case string(Range<Int>, escaped: Bool)
    case number(Range<Int>)
    case bool(Bool)
    case null

    /// The deepest nesting accepted (events are three levels deep; log payloads a few more).
    static let maxDepth = 512

    /// Parses a whole document.
    static func parse(_ bytes: Span<UInt8>) throws(JSONSyntaxError) -> EventJSON {
        var parser = Parser(depth: 0)
        let start = JSONScanning.skipWhitespace(bytes, from: 0)
        guard start < bytes.count else { throw JSONSyntaxError(offset: 0, message: "empty document") }
        let (value, end) = try parser.value(bytes, at: start)
        let rest = JSONScanning.skipWhitespace(bytes, from: end)
        guard rest == bytes.count else {
            throw JSONSyntaxError(offset: rest, message: JSONScanning.describeUnexpected(bytes, at: rest, expecting: "the end of the document"))
        }
        return value
    }

    /// The member `key` of an object.
    subscript(key: String) -> EventJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first(where: { $0.key == key })?.value
    }

    /// The bytes of a string value, unescaped.
    static func stringBytes(_ range: Range<Int>, escaped: Bool, in bytes: Span<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(range.count)
        if escaped {
            JSONEscaping.unescape(bytes.extracting(range), into: &output)
        } else {
            output.append(contentsOf: bytes.extracting(range))
        }
        return output
    }

    /// The text of a string value, or nil for other values.
    func string(in bytes: Span<UInt8>) -> String? {
        guard case .string(let range, let escaped) = self else { return nil }
        return String(decoding: Self.stringBytes(range, escaped: escaped, in: bytes), as: UTF8.self)
    }

    private struct Parser {
        var depth: Int

        mutating func value(_ bytes: Span<UInt8>, at start: Int) throws(JSONSyntaxError) -> (EventJSON, Int) {
            guard start < bytes.count else {
                throw JSONSyntaxError(offset: start, message: JSONScanning.describeUnexpected(bytes, at: start, expecting: "a value"))
            }
            switch bytes[start] {
            case UInt8(ascii: "\""):
                switch JSONScanning.scanString(bytes, at: start) {
                case .string(let content, let escaped, let end): return (.string(content, escaped: escaped), end)
                case .error(let error): throw error
                }
            case UInt8(ascii: "{"):
                return try container(bytes, at: start, object: true)
            case UInt8(ascii: "["):
                return try container(bytes, at: start, object: false)
            default:
                guard let end = JSONScanning.scanScalar(bytes, at: start) else {
                    throw JSONSyntaxError(offset: start, message: JSONScanning.describeUnexpected(bytes, at: start, expecting: "a value"))
                }
                switch bytes[start] {
                case UInt8(ascii: "t"): return (.bool(true), end)
                case UInt8(ascii: "f"): return (.bool(false), end)
                case UInt8(ascii: "n"): return (.null, end)
                default: return (.number(start..<end), end)
                }
            }
        }

        private mutating func container(_ bytes: Span<UInt8>, at start: Int, object: Bool) throws(JSONSyntaxError) -> (EventJSON, Int) {
            depth += 1
            defer { depth -= 1 }
            guard depth <= EventJSON.maxDepth else {
                throw JSONSyntaxError(offset: start, message: "nesting deeper than \(EventJSON.maxDepth) levels")
            }
            let closing = object ? UInt8(ascii: "}") : UInt8(ascii: "]")
            var members: [(key: String, value: EventJSON)] = []
            var elements: [EventJSON] = []
            var pos = JSONScanning.skipWhitespace(bytes, from: start + 1)
            if pos < bytes.count && bytes[pos] == closing {
                return (object ? .object([]) : .array([]), pos + 1)
            }
            while true {
                if object {
                    guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else {
                        throw JSONSyntaxError(offset: pos, message: JSONScanning.describeUnexpected(bytes, at: pos, expecting: "a member name in quotes"))
                    }
                    let key: String
                    switch JSONScanning.scanString(bytes, at: pos) {
                    case .string(let content, let escaped, let end):
                        if escaped {
                            key = String(decoding: EventJSON.stringBytes(content, escaped: true, in: bytes), as: UTF8.self)
                        } else {
                            // Member names are short: a small string, no allocation.
                            key = bytes.extracting(content).withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
                        }
                        pos = JSONScanning.skipWhitespace(bytes, from: end)
                    case .error(let error):
                        throw error
                    }
                    guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else {
                        throw JSONSyntaxError(offset: pos, message: JSONScanning.describeUnexpected(bytes, at: pos, expecting: "':'"))
                    }
                    pos = JSONScanning.skipWhitespace(bytes, from: pos + 1)
                    let (value, end) = try value(bytes, at: pos)
                    members.append((key, value))
                    pos = end
                } else {
                    let (value, end) = try value(bytes, at: pos)
                    elements.append(value)
                    pos = end
                }
                pos = JSONScanning.skipWhitespace(bytes, from: pos)
                guard pos < bytes.count else {
                    throw JSONSyntaxError(offset: pos, message: "unexpected end inside \(object ? "an object" : "an array")")
                }
                if bytes[pos] == closing { return (object ? .object(members) : .array(elements), pos + 1) }
                guard bytes[pos] == UInt8(ascii: ",") else {
                    throw JSONSyntaxError(offset: pos, message: JSONScanning.describeUnexpected(bytes, at: pos, expecting: "',' or '\(Character(UnicodeScalar(closing)))'"))
                }
                pos = JSONScanning.skipWhitespace(bytes, from: pos + 1)
            }
        }
    }
}
