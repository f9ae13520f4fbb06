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

    /// Validates the value at `start` exactly as `parse` would, without building it; returns the
    /// offset after it. `depth` is the nesting of the container holding the value.
    static func skip(_ bytes: Span<UInt8>, at start: Int, depth: Int) throws(JSONSyntaxError) -> Int {
        var parser = Parser(depth: depth, build: false)
        return try parser.value(bytes, at: start).1
    }

    private struct Parser {
        var depth: Int
        /// False to validate only: every value comes back as `.null` and nothing is allocated.
        var build = true

        mutating func value(_ bytes: Span<UInt8>, at start: Int) throws(JSONSyntaxError) -> (EventJSON, Int) {
            guard start < bytes.count else {
                throw JSONSyntaxError(offset: start, message: JSONScanning.describeUnexpected(bytes, at: start, expecting: "a value"))
            }
            switch bytes[start] {
            case UInt8(ascii: "\""):
                switch JSONScanning.scanString(bytes, at: start) {
                case .string(let content, let escaped, let end): return (build ? .string(content, escaped: escaped) : .null, end)
                case .error(let failure): throw failure.syntaxError
                }
            case UInt8(ascii: "{"):
                return try container(bytes, at: start, object: true)
            case UInt8(ascii: "["):
                return try container(bytes, at: start, object: false)
            default:
                guard let end = JSONScanning.scanScalar(bytes, at: start) else {
                    throw JSONSyntaxError(offset: start, message: JSONScanning.describeUnexpected(bytes, at: start, expecting: "a value"))
                }
                guard build else { return (.null, end) }
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
            var cursor = try Container(bytes, at: start, object: object, depth: depth)
            var members: [(key: String, value: EventJSON)] = []
            var elements: [EventJSON] = []
            while let item = try cursor.next(bytes) {
                let (value, end) = try value(bytes, at: item.value)
                cursor.pos = end
                guard build else { continue }
                if let name = item.name {
                    members.append((EventJSON.key(name, in: bytes), value))
                } else {
                    elements.append(value)
                }
            }
            guard build else { return (.null, cursor.pos) }
            return (object ? .object(members) : .array(elements), cursor.pos)
        }
    }

    /// A member name as a `String`.
    private static func key(_ name: StringRange, in bytes: Span<UInt8>) -> String {
        if name.escaped { return String(decoding: stringBytes(name.content, escaped: true, in: bytes), as: UTF8.self) }
        // Member names are short: a small string, no allocation.
        return bytes.extracting(name.content).withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
    }

    /// A string's content range (without quotes) and whether it holds escapes.
    struct StringRange {
        var content: Range<Int>
        var escaped: Bool

        /// Whether the string is `text` (escapes decoded).
        func equals(_ text: StaticString, in bytes: Span<UInt8>) -> Bool {
            text.withUTF8Buffer { expected in
                if escaped { return EventJSON.stringBytes(content, escaped: true, in: bytes).elementsEqual(expected) }
                guard content.count == expected.count else { return false }
                for offset in 0..<expected.count where bytes[content.lowerBound + offset] != expected[offset] { return false }
                return true
            }
        }
    }

    /// Steps through the members of one object or the elements of one array, checking the
    /// punctuation between them; reading each value is the caller's, who then sets `pos` after it.
    /// The one place that knows JSON's container syntax, for the tree and for streaming readers.
    struct Container {
        let object: Bool
        /// After `next`, where the current value starts; the caller sets it to where the value ends.
        /// After the last `next` (nil), the offset after the closing bracket.
        var pos: Int
        private var started = false

        /// Enters the container whose opening bracket is at `start`; `depth` counts it.
        init(_ bytes: Span<UInt8>, at start: Int, object: Bool, depth: Int) throws(JSONSyntaxError) {
            guard depth <= EventJSON.maxDepth else {
                throw JSONSyntaxError(offset: start, message: "nesting deeper than \(EventJSON.maxDepth) levels")
            }
            self.object = object
            pos = start
        }

        /// The next member (its name, and where its value starts) or element (no name), or nil
        /// after the closing bracket.
        mutating func next(_ bytes: Span<UInt8>) throws(JSONSyntaxError) -> (name: StringRange?, value: Int)? {
            let closing = object ? UInt8(ascii: "}") : UInt8(ascii: "]")
            if !started {
                started = true
                pos = JSONScanning.skipWhitespace(bytes, from: pos + 1)
                if pos < bytes.count && bytes[pos] == closing {
                    pos += 1
                    return nil
                }
            } else {
                pos = JSONScanning.skipWhitespace(bytes, from: pos)
                guard pos < bytes.count else {
                    throw JSONSyntaxError(offset: pos, message: "unexpected end inside \(object ? "an object" : "an array")")
                }
                if bytes[pos] == closing {
                    pos += 1
                    return nil
                }
                guard bytes[pos] == UInt8(ascii: ",") else {
                    throw JSONSyntaxError(offset: pos, message: JSONScanning.describeUnexpected(bytes, at: pos, expecting: "',' or '\(Character(UnicodeScalar(closing)))'"))
                }
                pos = JSONScanning.skipWhitespace(bytes, from: pos + 1)
            }
            guard object else { return (nil, pos) }
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else {
                throw JSONSyntaxError(offset: pos, message: JSONScanning.describeUnexpected(bytes, at: pos, expecting: "a member name in quotes"))
            }
            let name: StringRange
            switch JSONScanning.scanKey(bytes, at: pos) {
            case .string(let content, let escaped, let end):
                name = StringRange(content: content, escaped: escaped)
                pos = JSONScanning.skipWhitespace(bytes, from: end)
            case .error(let failure):
                throw failure.syntaxError
            }
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else {
                throw JSONSyntaxError(offset: pos, message: JSONScanning.describeUnexpected(bytes, at: pos, expecting: "':'"))
            }
            pos = JSONScanning.skipWhitespace(bytes, from: pos + 1)
            return (name, pos)
        }
    }
}
