/// Generates JSON Lines records with new PII (`PlantedPII`) in string values, among escapes, raw
/// UTF-8, numbers, literals and nested containers, with odd spacing.
struct PlantedJSON {
    private var generator: SeededGenerator

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    static let keys = ["email", "msg", "card", "user", "ip", "ssn", "n", "k\\u0065y", "", "tags", "phone"]
    /// String contents as written in JSON (escapes included).
    static let plainStrings = [
        "plain text", "tab\\there", "quote \\\"x\\\"", "back\\\\slash", "caf\u{E9}", "\\u00e9t\\u00e9 \\u20ac",
        "\u{65E5}\u{672C}\u{8A9E}", "emoji \u{1F600}", "slash \\/ path", "", "2024-06-01T10:00:00Z", "v1.2.3", "id 12345",
    ]
    static let numbers = ["0", "-0", "42", "-12.5e3", "1.25", "1E400", "0.001", "12345678901234567890", "3e-7"]
    static let literals = ["true", "false", "null"]
    static let spaces = ["", "", " ", "\t", "  "]

    mutating func record() -> PlantedRecord {
        var record = PlantedRecord()
        if Int.random(in: 0..<8, using: &generator) == 0 {
            array(depth: 0, into: &record)
        } else {
            object(depth: 0, into: &record)
        }
        return record
    }

    private mutating func value(depth: Int, into record: inout PlantedRecord) {
        switch Int.random(in: 0..<(depth >= 3 ? 6 : 8), using: &generator) {
        case 0, 1, 2: planted(into: &record)
        case 3: record.append("\"\(Self.plainStrings.randomElement(using: &generator)!)\"")
        case 4: record.append(Self.numbers.randomElement(using: &generator)!)
        case 5: record.append(Self.literals.randomElement(using: &generator)!)
        case 6: object(depth: depth + 1, into: &record)
        default: array(depth: depth + 1, into: &record)
        }
    }

    private mutating func object(depth: Int, into record: inout PlantedRecord) {
        record.append("{" + space())
        for index in 0..<Int.random(in: (depth == 0 ? 1 : 0)..<6, using: &generator) {
            if index > 0 { record.append(space() + "," + space()) }
            record.append("\"\(Self.keys.randomElement(using: &generator)!)\"" + space() + ":" + space())
            value(depth: depth, into: &record)
        }
        record.append(space() + "}")
    }

    private mutating func array(depth: Int, into record: inout PlantedRecord) {
        record.append("[" + space())
        for index in 0..<Int.random(in: (depth == 0 ? 1 : 0)..<4, using: &generator) {
            if index > 0 { record.append(space() + "," + space()) }
            value(depth: depth, into: &record)
        }
        record.append(space() + "]")
    }

    /// A string value holding one new PII value, alone or among words.
    private mutating func planted(into record: inout PlantedRecord) {
        let prefix = ["", "mail ", "to: ", "(", "x "].randomElement(using: &generator)!
        let suffix = ["", " now", ")", " ok", ", thanks"].randomElement(using: &generator)!
        record.append("\"" + prefix)
        record.appendPlanted(PlantedPII.value(using: &generator))
        record.append(suffix + "\"")
    }

    private mutating func space() -> String { Self.spaces.randomElement(using: &generator)! }
}
