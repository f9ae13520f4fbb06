/// What the CSV masker does with each column, resolved once per header (or per column number
/// without one), so that a cell costs one array read before its bytes are scanned.
struct CSVColumnPlan {
    var resolved = false
    var header: CSVHeader?
    var names: [[UInt8]] = []
    private var columns: [CSVColumn] = []
    /// Per field rule, what it writes in place of a cell.
    private(set) var ruleOutputs: [CSVRuleOutput] = []
    /// The encoded fields of `.constant` rule outputs, one after another.
    private(set) var constantBytes: [UInt8] = []
    /// Per detector set: whether its masking keeps an unquoted cell without a lone CR free of the
    /// delimiter, quote, CR and LF (every detector's action is `keep` or a fixed redaction without
    /// them), so the masked value needs no quoting check.
    private var plainSets: [Bool] = []

    init() {}

    init(header: CSVHeader?, engine: MaskingEngine) {
        resolved = true
        self.header = header
        // This worker's copy: a cell binds its column's name (see UnsharedCopy.swift).
        names = header?.names.map { $0.unsharedCopy() } ?? []
        let dialect = engine.options.csv
        var bytes: [UInt8] = []
        ruleOutputs = engine.ruleActions.indices.map { rule in
            switch engine.ruleActions[rule] {
            case .keep?, nil:
                return .keep
            case .null?, .drop?:
                return .constant(plain: 0..<0, quoted: 0..<0, evenWhenEmpty: true)
            default:
                guard let replacement = engine.ruleReplacements[rule] else { return .computed }
                let plainStart = bytes.count
                CSVScanning.appendField(replacement.span, dialect: dialect, forceQuotes: false, into: &bytes)
                let quotedStart = bytes.count
                CSVScanning.appendField(replacement.span, dialect: dialect, forceQuotes: !replacement.isEmpty, into: &bytes)
                return .constant(plain: plainStart..<quotedStart, quoted: quotedStart..<bytes.count, evenWhenEmpty: false)
            }
        }
        constantBytes = bytes
        let specials = [dialect.delimiter, dialect.quote, 0x0A, 0x0D]
        plainSets = engine.spanActions.indices.map { set in
            engine.spanActions[set].indices.allSatisfy { detector in
                if engine.spanActions[set][detector] == .keep { return true }
                guard let replacement = engine.spanReplacements[set][detector] else { return false }
                return !replacement.contains { specials.contains($0) }
            }
        }
    }

    /// Whether detector set `set` keeps unquoted cells without a lone CR plain (see `plainSets`).
    func keepsCellsPlain(_ set: Int) -> Bool { set < plainSets.count && plainSets[set] }

    /// The number of fields every record must have (the header's), if there is a header.
    var expectedCount: Int? { header.map { $0.names.count } }

    func name(_ column: Int) -> [UInt8] { column < names.count ? names[column] : [] }

    /// The plan for column `index` (numbered from 0).
    @inline(__always)
    mutating func column(_ index: Int, engine: MaskingEngine) -> CSVColumn {
        if index < columns.count { return columns[index] }
        return resolve(upTo: index, engine: engine)
    }

    private mutating func resolve(upTo index: Int, engine: MaskingEngine) -> CSVColumn {
        while columns.count <= index {
            let number = columns.count
            let name = number < names.count ? names[number] : nil
            let decision = engine.paths.rule(forColumnNamed: name, index: number).map { engine.ruleDecisions[$0] }
                ?? MaskingEngine.defaultDecision
            let recordRule = engine.recordRulePaths.isEmpty ? nil : engine.recordRulePaths.rule(forColumnNamed: name, index: number)
            columns.append(CSVColumn(decision: decision, recordRule: recordRule))
        }
        return columns[index]
    }
}

/// One column's plan.
struct CSVColumn {
    /// Detection with a detector set, or a field rule.
    var decision: FieldDecision
    /// The record rule that tests this column's values, if any.
    var recordRule: Int?
}

/// What a field rule writes in place of a CSV cell.
enum CSVRuleOutput {
    /// The cell stays as it is (`keep`, or a rule that runs detection instead).
    case keep
    /// The same bytes for every cell, already encoded as a field (in `constantBytes`): `plain`
    /// for a cell written without quotes, `quoted` for one written with them. With
    /// `evenWhenEmpty` false an empty cell is kept (a redaction of nothing would only add data);
    /// null and drop empty every cell.
    case constant(plain: Range<Int>, quoted: Range<Int>, evenWhenEmpty: Bool)
    /// Depends on the value (hash, partial and the like).
    case computed
}
