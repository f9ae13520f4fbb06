// Why this file is built this way
//
// CSV records are masked like JSON ones: scanned field by field in place, with output copied
// lazily up to the next changed field, so unchanged fields keep their exact quoting. A changed
// field is quoted when its new value needs it or when it was quoted before. Column decisions
// (rule or detection set) are resolved once per header, not per record. A record that does not
// parse, or has another number of fields than the header, is rolled back and handed to the error
// policy whole.
//
// Most cells never reach the general path (`maskCSVField`, which builds a `Field`, decodes and
// re-encodes): an unquoted cell is found, and profiled for default detection, in one pass, and
// `maskCSVCellByPlan` settles it when its outcome does not depend on its bytes (a profile no
// detector could match, or a field rule with a pre-encoded constant output).

extension RecordMasker {
    /// Masks a chunk of whole CSV/TSV records. When `startsFile` and the dialect has a header, the
    /// first record is the header: it is copied unmasked. When `startsFile`, a byte order mark is
    /// copied and the first record read after it (so a quoted first field is still quoted).
    mutating func maskCSV(_ chunk: Span<UInt8>, startsFile: Bool, header: CSVHeader?, into output: inout [UInt8]) -> ChunkOutcome {
        let dialect = engine.options.csv
        var outcome = ChunkOutcome()
        resolveColumns(header)
        var start = startsFile ? InputEncoding.utf8MarkLength(at: chunk) : 0
        if start > 0 {
            output.append(contentsOf: chunk.extracting(0..<start))
            stats.bytesIn += start
            stats.bytesOut += start
        }
        var isHeaderRecord = startsFile && dialect.hasHeader
        while start < chunk.count {
            let mark = output.count
            outcome.records += 1
            let firstLine = outcome.lines + 1
            stats.recordsIn += 1
            switch maskCSVRecord(chunk, at: start, isHeader: isHeaderRecord, into: &output) {
            case .masked(let next, _) where next - start > engine.options.maxRecordBytes:
                // Held whole (the chunk is larger than the limit), but over it all the same.
                output.removeSubrange(mark...)
                let issue = oversizeIssue(record: outcome.records, line: firstLine)
                if rejectCSVRecord(chunk, from: start, to: next, issue: issue, outcome: &outcome, into: &output) { return outcome }
                start = next
            case .masked(let next, let newlines):
                outcome.lines += newlines
                stats.bytesIn += next - start
                stats.recordsOut += 1
                start = next
            case .droppedByRule(let next):
                output.removeSubrange(mark...)
                // The rule may have fired before the record's later cells were scanned.
                outcome.lines += countNewlines(chunk, from: start, to: next)
                stats.bytesIn += next - start
                stats.droppedByRule += 1
                start = next
            case .invalid(let error):
                output.removeSubrange(mark...)
                // The bad record ends where the framer would end it, so that it is the same record
                // however the input was chunked.
                let recordEnd = CSVScanning.recordEnd(in: chunk, from: start, dialect: dialect) ?? chunk.count
                let column = error.offset - (ByteSearch.lastIndex(of: 0x0A, in: chunk, before: error.offset).map { $0 + 1 } ?? 0) + 1
                let issue = RecordIssue(record: outcome.records, line: firstLine, column: column, message: "invalid CSV: \(error.message)")
                if rejectCSVRecord(chunk, from: start, to: recordEnd, issue: issue, outcome: &outcome, into: &output) { return outcome }
                start = recordEnd
            }
            stats.bytesOut += output.count - mark
            isHeaderRecord = false
        }
        return outcome
    }

    /// Hands the record `chunk[start..<end]` (terminator included) to the error policy. Returns
    /// true when the run must stop (`--on-error fail`).
    private mutating func rejectCSVRecord(
        _ chunk: Span<UInt8>, from start: Int, to end: Int, issue: RecordIssue, outcome: inout ChunkOutcome, into output: inout [UInt8]
    ) -> Bool {
        var contentEnd = end
        if contentEnd > start && chunk[contentEnd - 1] == 0x0A { contentEnd -= 1 }
        if contentEnd > start && chunk[contentEnd - 1] == 0x0D { contentEnd -= 1 }
        outcome.lines += countNewlines(chunk, from: start, to: end)
        stats.bytesIn += end - start
        if handleMalformed(chunk.extracting(start..<contentEnd), issue: issue, outcome: &outcome, into: &output) {
            output.append(contentsOf: chunk.extracting(contentEnd..<end))
            stats.recordsOut += 1
        }
        return outcome.fatal != nil
    }

    private enum CSVRecordOutcome {
        case masked(next: Int, newlines: Int)
        case droppedByRule(next: Int)
        case invalid(CSVScanning.SyntaxError)
    }

    private mutating func maskCSVRecord(_ chunk: Span<UInt8>, at start: Int, isHeader: Bool, into output: inout [UInt8]) -> CSVRecordOutcome {
        let dialect = engine.options.csv
        let count = chunk.count
        var index = start
        var column = 0
        var copyFrom = start
        var newlines = 0
        let blank = index < count && (chunk[index] == 0x0A || (chunk[index] == 0x0D && index + 1 < count && chunk[index + 1] == 0x0A))
        let masks = !isHeader && !blank
        while true {
            let plan = masks ? csvColumns.column(column, engine: engine) : nil
            let boundary: CSVScanning.Boundary
            if index < count && chunk[index] == dialect.quote {
                // Quoted: the general scanner and masking path (the value may need decoding).
                let field: CSVScanning.Field
                switch CSVScanning.scanField(chunk, at: index, dialect: dialect) {
                case .failure(let error): return .invalid(error)
                case .success(let scanned): field = scanned
                }
                boundary = CSVScanning.Boundary(next: field.next, endsRecord: field.endsRecord,
                                                terminated: field.endsRecord && field.next > field.recordEnd)
                newlines += field.newlines
                if let plan,
                   !maskCSVCellByPlan(chunk, plan: plan, raw: field.raw, quoted: true, empty: field.content.isEmpty, profile: nil,
                                      copyFrom: &copyFrom, output: &output),
                   maskCSVField(chunk, field: field, profile: nil, plan: plan, column: column,
                                copyFrom: &copyFrom, output: &output) == .dropRecord {
                    return .droppedByRule(next: recordNext(chunk, field, dialect))
                }
            } else {
                // Unquoted: found (and profiled, for default detection) in one pass; most cells
                // are then done without building a `Field`.
                var sums = ProfileSums()
                var loneCR = false
                let profiling = profilesValues && plan?.decision == MaskingEngine.defaultDecision
                let end = CSVScanning.unquotedEnd(chunk, from: index, dialect: dialect, table: csvTable, profiling: profiling,
                                                  sums: &sums, loneCR: &loneCR)
                guard let after = CSVScanning.boundary(chunk, at: end, dialect: dialect) else {
                    return .invalid(CSVScanning.SyntaxError(offset: end, message: "quote inside an unquoted field"))
                }
                boundary = after
                let profile = profiling ? sums.profile(length: end - index) : nil
                if let plan,
                   !maskCSVCellByPlan(chunk, plan: plan, raw: index..<end, quoted: false, empty: end == index, profile: profile,
                                      copyFrom: &copyFrom, output: &output) {
                    let field = CSVScanning.Field(
                        raw: index..<end, content: index..<end, quoted: false, hasDoubledQuotes: false, next: after.next,
                        endsRecord: after.endsRecord, recordEnd: end, newlines: 0, loneCR: loneCR)
                    if maskCSVField(chunk, field: field, profile: profile, plan: plan, column: column,
                                    copyFrom: &copyFrom, output: &output) == .dropRecord {
                        return .droppedByRule(next: recordNext(chunk, field, dialect))
                    }
                }
            }
            column += 1
            index = boundary.next
            if boundary.endsRecord {
                if boundary.terminated { newlines += 1 }
                break
            }
        }
        if masks, let expected = csvColumns.expectedCount, column != expected {
            return .invalid(CSVScanning.SyntaxError(offset: index > start ? index - 1 : start,
                                                   message: "\(column) fields where the header has \(expected)"))
        }
        output.append(contentsOf: chunk.extracting(copyFrom..<index))
        return .masked(next: index, newlines: newlines)
    }

    /// Where the record of `field` ends (scanning on to its end, for dropped records).
    private func recordNext(_ chunk: Span<UInt8>, _ field: CSVScanning.Field, _ dialect: CSVDialect) -> Int {
        var current = field
        while !current.endsRecord {
            guard case .success(let next) = CSVScanning.scanField(chunk, at: current.next, dialect: dialect) else {
                return ByteSearch.firstIndex(of: 0x0A, in: chunk, from: current.next).map { $0 + 1 } ?? chunk.count
            }
            current = next
        }
        return current.next
    }

    private enum CSVFieldResult { case kept, dropRecord }

    /// Masks the cell `chunk[raw]` when its outcome does not depend on its bytes: default
    /// detection that its `profile` rules out (or without default detectors), or a field rule with
    /// a constant output (no decoding, no encoding). False when the cell needs `maskCSVField`.
    @inline(__always)
    private mutating func maskCSVCellByPlan(
        _ chunk: Span<UInt8>, plan: CSVColumn, raw: Range<Int>, quoted: Bool, empty: Bool, profile: ByteProfile?,
        copyFrom: inout Int, output: inout [UInt8]
    ) -> Bool {
        guard plan.recordRule == nil else { return false }
        switch plan.decision {
        case .detect(0):
            return !profilesValues || (profile.map(defaultSet.cannotMatch) ?? false)
        case .detect:
            return false
        case .rule(let rule):
            switch csvColumns.ruleOutputs[rule] {
            case .keep:
                return true
            case .constant(let plainBytes, let quotedBytes, let evenWhenEmpty):
                if empty && !evenWhenEmpty { return true }
                stats.fieldRuleHits += 1
                output.append(contentsOf: chunk.extracting(copyFrom..<raw.lowerBound),
                              csvColumns.constantBytes.span.extracting(quoted ? quotedBytes : plainBytes))
                copyFrom = raw.upperBound
                return true
            case .computed:
                return false
            }
        }
    }

    private mutating func maskCSVField(
        _ chunk: Span<UInt8>, field: CSVScanning.Field, profile: ByteProfile?, plan: CSVColumn, column: Int,
        copyFrom: inout Int, output: inout [UInt8]
    ) -> CSVFieldResult {
        let raw = chunk.extracting(field.content)
        guard field.hasDoubledQuotes else {
            return maskCSVValue(chunk, value: raw, profile: profile, plan: plan, field: field, column: column,
                                copyFrom: &copyFrom, output: &output)
        }
        unescaped.removeAll(keepingCapacity: true)
        CSVScanning.unquote(raw, quote: engine.options.csv.quote, into: &unescaped)
        let decoded = unescaped
        return maskCSVValue(chunk, value: decoded.span, profile: nil, plan: plan, field: field, column: column,
                            copyFrom: &copyFrom, output: &output)
    }

    private mutating func maskCSVValue(
        _ chunk: Span<UInt8>, value: Span<UInt8>, profile: ByteProfile?, plan: CSVColumn,
        field: CSVScanning.Field, column: Int, copyFrom: inout Int, output: inout [UInt8]
    ) -> CSVFieldResult {
        if let rule = plan.recordRule, engine.recordRules[rule].holds(for: value, scratch: scratch) {
            return .dropRecord
        }
        let name = csvColumns.name(column)
        switch plan.decision {
        case .detect(let set):
            // The scanner's profile was made with the default set's table.
            let changed = maskFreeText(value, set: set, fieldName: name.span, auditField: nil, profile: set == 0 ? profile : nil)
            guard changed else { return .kept }
        case .rule(let rule):
            switch engine.ruleActions[rule] {
            case .keep?, nil:
                return .kept
            case .null?, .drop?:
                rewritten.removeAll(keepingCapacity: true)
                stats.fieldRuleHits += 1
            default:
                // An empty value has nothing to mask: a redaction or hash of it would only add data.
                if value.isEmpty { return .kept }
                applyRule(rule, to: value)
            }
        }
        output.append(contentsOf: chunk.extracting(copyFrom..<field.raw.lowerBound))
        let masked = rewritten
        if case .detect(let set) = plan.decision, !field.quoted, !field.loneCR, csvColumns.keepsCellsPlain(set) {
            // The cell's own bytes and the set's replacements hold no delimiter, quote, CR or LF.
            output.append(contentsOf: masked.span)
        } else {
            CSVScanning.appendField(masked.span, dialect: engine.options.csv, forceQuotes: field.quoted && !masked.isEmpty, into: &output)
        }
        copyFrom = field.raw.upperBound
        return .kept
    }

    /// Resolves per-column decisions when the header changes.
    private mutating func resolveColumns(_ header: CSVHeader?) {
        if csvColumns.resolved && csvColumns.header === header { return }
        csvColumns = CSVColumnPlan(header: header, engine: engine)
    }

    private func countNewlines(_ chunk: Span<UInt8>, from start: Int, to end: Int) -> Int {
        var count = 0
        var index = start
        while let hit = ByteSearch.firstIndex(of: 0x0A, in: chunk.extracting(0..<end), from: index) {
            count += 1
            index = hit + 1
        }
        return count
    }
}
