/// Generates CSV files (a header, then rows) with new PII (`PlantedPII`) in cells, quoted and
/// not, among cells with quoted delimiters, doubled quotes and line breaks, empty cells, and rows
/// ending in LF or CR LF.
struct PlantedCSV {
    private var generator: SeededGenerator

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    static let header = "name,email,note,card,ip\n"
    static let columns = 5
    /// Cell contents that need quotes, and ones that do not.
    static let quotedCells = ["x,y", "say \"\"hi\"\"", "two\nlines", "ends with CR LF\r\n"]
    static let plainCells = ["Ann Lee", "", "ok", "caf\u{E9}", "12.50", "2024-06-01", "v1.2.3"]

    mutating func file(rows: Int) -> PlantedRecord {
        var file = PlantedRecord()
        file.append(Self.header)
        for _ in 0..<rows {
            for column in 0..<Self.columns {
                if column > 0 { file.append(",") }
                cell(into: &file)
            }
            file.append(Bool.random(using: &generator) ? "\n" : "\r\n")
        }
        return file
    }

    private mutating func cell(into file: inout PlantedRecord) {
        switch Int.random(in: 0..<5, using: &generator) {
        case 0, 1:
            let quoted = Bool.random(using: &generator)
            let prefix = ["", "mail ", "to: ", "("].randomElement(using: &generator)!
            let suffix = ["", " now", ")", quoted ? ", thanks" : " ok"].randomElement(using: &generator)!
            file.append((quoted ? "\"" : "") + prefix)
            file.appendPlanted(PlantedPII.value(using: &generator))
            file.append(suffix + (quoted ? "\"" : ""))
        case 2:
            file.append("\"\(Self.quotedCells.randomElement(using: &generator)!)\"")
        default:
            let cell = Self.plainCells.randomElement(using: &generator)!
            file.append(Bool.random(using: &generator) ? "\"\(cell)\"" : cell)
        }
    }
}
