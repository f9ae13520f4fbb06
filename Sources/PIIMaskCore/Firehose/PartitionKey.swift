/// One `--partition-key NAME=PATH[:PART]`: a Firehose dynamic-partitioning key taken from a field
/// of the masked record and returned in `metadata.partitionKeys`.
///
/// - `PATH` names a field as piimask's rules do: `ts`, `user.country`, `items[0].sku` (a leading
///   `.` or `$.` is allowed). Keys that contain `.` or `[` cannot be named.
/// - The value is looked up in the record *after* masking, so a key never leaks what was masked.
///   A record holding several lines takes it from the first JSON line that has the field.
/// - Strings give their text, numbers and booleans their JSON literal; `null`, objects, arrays and
///   missing fields give no key (the record then has no `metadata` for it, and Firehose sends it to
///   the error prefix when the key is required).
/// - `PART` turns a timestamp into a date part, in UTC, with no time-zone conversion of strings:
///   `date` (`YYYY-MM-DD`), `year`, `month`, `day`, `hour` (zero-padded). The field may be an
///   ISO-8601 string (`2024-05-06T07:08:09Z`, `2024-05-06 07:08`; the digits are read as written)
///   or epoch time as a number or digit string: seconds, or milliseconds when above 10^11.
public struct PartitionKeySpec: Sendable, Equatable {
    public enum Part: String, Sendable, CaseIterable {
        case value, date, year, month, day, hour
    }

    enum Component: Sendable, Equatable {
        case key(String)
        case index(Int)
    }

    public let name: String
    public let path: String
    public let part: Part
    let components: [Component]

    /// Parses `NAME=PATH[:PART]`.
    ///
    /// - Throws: `ConfigError` naming `origin` (`--partition-key` or `PIIMASK_PARTITION_KEYS`).
    public init(parsing text: String, origin: String = "--partition-key") throws(ConfigError) {
        guard let equals = text.firstIndex(of: "=") else {
            throw ConfigError(file: origin, message: "'\(text)' is not NAME=PATH (for example day=ts:date or country=user.country)")
        }
        let name = String(text[..<equals])
        var path = String(text[text.index(after: equals)...])
        var part = Part.value
        if let colon = path.lastIndex(of: ":") {
            let suffix = String(path[path.index(after: colon)...])
            guard let known = Part(rawValue: suffix), known != .value else {
                throw ConfigError(file: origin, message: "unknown date part ':\(suffix)' in '\(text)' (use :date, :year, :month, :day or :hour)")
            }
            part = known
            path = String(path[..<colon])
        }
        guard !name.isEmpty, name.utf8.allSatisfy({ Self.isNameByte($0) }) else {
            throw ConfigError(file: origin, message: "partition key name '\(name)' must be letters, digits, '_' or '-'")
        }
        guard let components = Self.parsePath(path) else {
            throw ConfigError(file: origin, message: "'\(path)' is not a field path (like ts, user.country or items[0].sku)")
        }
        self.name = name
        self.path = path
        self.part = part
        self.components = components
    }

    /// Parses a comma-separated list (`PIIMASK_PARTITION_KEYS`).
    public static func parseList(_ text: String, origin: String) throws(ConfigError) -> [PartitionKeySpec] {
        var specs: [PartitionKeySpec] = []
        for item in text.split(separator: ",") {
            let trimmed = String(item.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
            if !trimmed.isEmpty { specs.append(try PartitionKeySpec(parsing: trimmed, origin: origin)) }
        }
        return specs
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"): true
        default: false
        }
    }

    static func parsePath(_ text: String) -> [Component]? {
        var rest = Substring(text)
        if rest.hasPrefix("$.") { rest = rest.dropFirst(2) } else if rest.hasPrefix(".") { rest = rest.dropFirst() }
        var components: [Component] = []
        for segment in rest.split(separator: ".", omittingEmptySubsequences: false) {
            guard !segment.isEmpty else { return nil }
            var segment = segment
            let key = segment.prefix(while: { $0 != "[" })
            guard !key.isEmpty || !components.isEmpty else { return nil }
            if !key.isEmpty { components.append(.key(String(key))) }
            segment = segment.dropFirst(key.count)
            while segment.hasPrefix("[") {
                guard let close = segment.firstIndex(of: "]"), let index = Int(segment[segment.index(after: segment.startIndex)..<close]), index >= 0 else { return nil }
                components.append(.index(index))
                segment = segment[segment.index(after: close)...]
            }
            guard segment.isEmpty, !(key.isEmpty && components.isEmpty) else { return nil }
        }
        return components.isEmpty ? nil : components
    }

    /// The key's value in one JSON document, or nil.
    func value(in document: EventJSON, bytes: Span<UInt8>) -> String? {
        var node = document
        for component in components {
            switch (component, node) {
            case (.key(let key), .object):
                guard let child = node[key] else { return nil }
                node = child
            case (.index(let index), .array(let elements)):
                guard index < elements.count else { return nil }
                node = elements[index]
            default:
                return nil
            }
        }
        let text: String
        var isNumber = false
        switch node {
        case .string(let range, let escaped):
            text = String(decoding: EventJSON.stringBytes(range, escaped: escaped, in: bytes), as: UTF8.self)
        case .number(let range):
            text = String(decoding: Array(bytes.extracting(range)), as: UTF8.self)
            isNumber = true
        case .bool(let flag):
            text = flag ? "true" : "false"
        default:
            return nil
        }
        return part == .value ? text : Self.datePart(part, of: text, isNumber: isNumber)
    }

    /// A part of a timestamp given as ISO-8601 text or epoch seconds/milliseconds.
    static func datePart(_ part: Part, of text: String, isNumber: Bool) -> String? {
        var year = 0, month = 0, day = 0, hour = 0
        let bytes = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for index in range {
                guard bytes[index] >= 0x30 && bytes[index] <= 0x39 else { return nil }
                value = value * 10 + Int(bytes[index] - 0x30)
            }
            return value
        }
        if !isNumber, bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
           let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10) {
            year = y; month = m; day = d
            if bytes.count >= 13, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "), let h = digits(11..<13) {
                hour = h
            } else if part == .hour {
                return nil
            }
            guard (1...12).contains(month), (1...31).contains(day), hour < 24 else { return nil }
        } else {
            // Epoch time: the integer part of a number or digit string.
            let integer = text.prefix(while: { $0 != "." && $0 != "e" && $0 != "E" })
            guard let value = Int64(integer), value >= 0 else { return nil }
            let seconds = value >= 100_000_000_000 ? value / 1000 : value
            let days = seconds / 86_400
            hour = Int((seconds % 86_400) / 3600)
            (year, month, day) = civilDate(daysSinceEpoch: days)
        }
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        switch part {
        case .value: return text
        case .date: return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        case .year: return pad(year, 4)
        case .month: return pad(month, 2)
        case .day: return pad(day, 2)
        case .hour: return pad(hour, 2)
        }
    }

    /// Proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
    static func civilDate(daysSinceEpoch: Int64) -> (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }
}
