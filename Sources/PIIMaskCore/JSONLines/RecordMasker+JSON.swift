// Why this file is built this way
//
// A JSON record is validated and masked in one forward pass, with no tree: the scanner walks the
// bytes, keeps a small stack of open containers (`JSONFrame`), and for every string value decides
// (field rule or free-text detection) and rewrites it in place. Output is produced lazily: bytes
// are copied from the record only up to the next change (`copyFrom`), so an untouched record is
// copied once, byte for byte, and a touched one keeps its spacing, key order and number spelling.
// A syntax error anywhere abandons the record; the caller truncates the output it wrote and
// applies the error policy, so an invalid record is never emitted half-masked.
//
// Things that must change together: the drop logic (`dropMember`) relies on `lastEnd`, `kept`
// and `skipToNext` being updated for every child in `finishChild`.

extension RecordMasker {
    /// Containers nested deeper than this make the record invalid (and bound the frame stack).
    static let maxJSONDepth = 1024

    /// Masks one JSON record (without its line terminator) into `output`.
    ///
    /// On `.invalid`, `output` holds a partial record that the caller must truncate.
    mutating func maskJSONRecord(_ record: Span<UInt8>, into output: inout [UInt8]) -> JSONRecordOutcome {
        let count = record.count
        var copyFrom = 0
        frames.removeAll(keepingCapacity: true)
        audit.reset()
        let trackFields = fieldPaths.isEnabled
        let trackRecords = recordPaths.isEnabled

        // The context of the value about to be parsed.
        var decision = MaskingEngine.defaultDecision
        var valuePaths = trackFields ? fieldPaths.reset() : 0..<0
        var valueRecordPaths = trackRecords ? recordPaths.reset() : 0..<0
        var memberStart = 0

        func fail(_ offset: Int, _ message: String) -> JSONRecordOutcome {
            .invalid(JSONSyntaxError(offset: offset, message: message))
        }

        var pos = JSONScanning.skipWhitespace(record, from: 0)
        guard pos < count else { return fail(0, "empty record") }

        while true {
            // Parse one value at `pos`.
            let frozen = frames.last?.frozen ?? false
            let valueStart = pos
            var valueEnd: Int
            var dropped = false
            let byte = record[pos]
            if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                guard frames.count < Self.maxJSONDepth else {
                    return fail(pos, "nesting deeper than \(Self.maxJSONDepth) levels")
                }
                var onClose = JSONFrame.CloseAction.none
                var freezes = frozen
                var inherited = decision
                if !frozen, case .rule(let rule) = decision, let action = engine.ruleActions[rule] {
                    switch action {
                    case .keep: freezes = true
                    case .drop: freezes = true; onClose = .drop
                    case .null: freezes = true; onClose = .null
                    default: inherited = decision
                    }
                }
                frames.append(JSONFrame(
                    isObject: byte == UInt8(ascii: "{"), frozen: freezes, inherited: inherited, onClose: onClose,
                    paths: valuePaths, recordPaths: valueRecordPaths,
                    valueStart: valueStart, memberStart: memberStart,
                    key: frames.last?.childKey ?? 0..<0, lastEnd: pos + 1))
                pos = JSONScanning.skipWhitespace(record, from: pos + 1)
                guard pos < count else { return fail(pos, "unexpected end of record inside \(byte == UInt8(ascii: "{") ? "an object" : "an array")") }
                let closing = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if record[pos] != closing {
                    // First child.
                    switch prepareChild(record, at: &pos, memberStart: &memberStart, decision: &decision,
                                        paths: &valuePaths, recordPaths: &valueRecordPaths, copyFrom: &copyFrom) {
                    case .some(let error): return .invalid(error)
                    case .none: continue
                    }
                }
                // An empty container: close it right away below.
                valueEnd = pos
            } else if byte == UInt8(ascii: "\"") {
                let content: Range<Int>
                let escaped: Bool
                var profile = ByteProfile()
                let scan = profilesValues
                    ? JSONScanning.scanString(record, at: pos, table: defaultTable, profile: &profile)
                    : JSONScanning.scanString(record, at: pos)
                switch scan {
                case .error(let error): return .invalid(error)
                case let .string(range, hasEscapes, end):
                    content = range
                    escaped = hasEscapes
                    valueEnd = end
                }
                if !frozen {
                    if trackRecords, let rule = recordPaths.rule(at: valueRecordPaths),
                       holdsRecordRule(rule, record.extracting(content), escaped: escaped) {
                        return .droppedByRule
                    }
                    // Most values: default detection, nothing any detector could match. Done.
                    let skip = !escaped && decision == MaskingEngine.defaultDecision
                        && defaultSet.cannotMatch(profile)
                    let result = skip ? .kept : maskStringValue(
                        record, content: content, escaped: escaped, profile: profile, valueStart: valueStart,
                        valueEnd: valueEnd, decision: decision, memberStart: memberStart, copyFrom: &copyFrom, output: &output)
                    dropped = result == .dropped
                }
                pos = valueEnd
            } else {
                guard let end = JSONScanning.scanScalar(record, at: pos) else {
                    return fail(pos, JSONScanning.describeUnexpected(record, at: pos, expecting: "a value"))
                }
                valueEnd = end
                if !frozen {
                    if trackRecords, let rule = recordPaths.rule(at: valueRecordPaths),
                       holdsRecordRule(rule, record.extracting(valueStart..<end), escaped: false) {
                        return .droppedByRule
                    }
                    if case .rule(let rule) = decision, let action = engine.ruleActions[rule] {
                        switch action {
                        case .keep: break
                        case _ where byte == UInt8(ascii: "n") && action != .drop:
                            break  // null has nothing to mask
                        case .drop:
                            dropMember(memberStart: memberStart, valueEnd: end, copyFrom: &copyFrom, output: &output, record: record)
                            dropped = true
                        case .null:
                            Self.flush(record, from: &copyFrom, to: valueStart, into: &output)
                            output.append(contentsOf: JSONScanning.null)
                            copyFrom = end
                        default:
                            // A rewritten number or boolean becomes a string.
                            applyRule(rule, to: record.extracting(valueStart..<end))
                            Self.flush(record, from: &copyFrom, to: valueStart, into: &output)
                            appendJSONString(rewritten, to: &output)
                            copyFrom = end
                        }
                    }
                }
                pos = end
            }

            // After a value: close containers and move to the next child.
            var childEnd = valueEnd
            var childDropped = dropped
            var closeNow = byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[")
            while true {
                if closeNow {
                    // The container at the top closes at `pos` (its closing bracket).
                    let frame = frames.removeLast()
                    pos += 1
                    childEnd = pos
                    childDropped = false
                    if trackFields { fieldPaths.truncate(to: frame.paths.lowerBound) }
                    if trackRecords { recordPaths.truncate(to: frame.recordPaths.lowerBound) }
                    let parentFrozen = frames.last?.frozen ?? false
                    if !parentFrozen {
                        switch frame.onClose {
                        case .none: break
                        case .drop:
                            dropMember(memberStart: frame.memberStart, valueEnd: pos, copyFrom: &copyFrom, output: &output, record: record)
                            childDropped = true
                        case .null:
                            Self.flush(record, from: &copyFrom, to: frame.valueStart, into: &output)
                            output.append(contentsOf: JSONScanning.null)
                            copyFrom = pos
                        }
                    }
                    closeNow = false
                }
                guard !frames.isEmpty else {
                    pos = JSONScanning.skipWhitespace(record, from: pos)
                    guard pos == count else {
                        return fail(pos, JSONScanning.describeUnexpected(record, at: pos, expecting: "the end of the record"))
                    }
                    if let field = engine.options.detectedEntitiesField {
                        appendAudit(field: field, record: record, copyFrom: &copyFrom, output: &output)
                    }
                    Self.flush(record, from: &copyFrom, to: count, into: &output)
                    return .masked
                }
                finishChild(end: childEnd, dropped: childDropped)
                if trackFields { fieldPaths.truncate(to: frames[frames.count - 1].paths.upperBound) }
                if trackRecords { recordPaths.truncate(to: frames[frames.count - 1].recordPaths.upperBound) }
                pos = JSONScanning.skipWhitespace(record, from: pos)
                guard pos < count else { return fail(pos, "unexpected end of record (missing '\(frames[frames.count - 1].isObject ? "}" : "]")')") }
                let next = record[pos]
                let topIsObject = frames[frames.count - 1].isObject
                if next == UInt8(ascii: ",") {
                    pos = JSONScanning.skipWhitespace(record, from: pos + 1)
                    guard pos < count else { return fail(pos, "unexpected end of record after ','") }
                    if let error = prepareChild(record, at: &pos, memberStart: &memberStart, decision: &decision,
                                                paths: &valuePaths, recordPaths: &valueRecordPaths, copyFrom: &copyFrom) {
                        return .invalid(error)
                    }
                    break
                }
                if next == (topIsObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    closeNow = true
                    continue
                }
                return fail(pos, JSONScanning.describeUnexpected(record, at: pos, expecting: topIsObject ? "',' or '}'" : "',' or ']'"))
            }
        }
    }

    /// Copies the record's bytes from `copyFrom` up to `end` (the lazy copy of unchanged bytes).
    @inline(__always)
    static func flush(_ record: Span<UInt8>, from copyFrom: inout Int, to end: Int, into output: inout [UInt8]) {
        if end > copyFrom { output.append(contentsOf: record.extracting(copyFrom..<end)) }
        copyFrom = end
    }

    /// Reads the next child's key (objects) and works out the decision for its value.
    /// On return `pos` is at the value.
    private mutating func prepareChild(
        _ record: Span<UInt8>, at pos: inout Int, memberStart: inout Int, decision: inout FieldDecision,
        paths: inout Range<Int>, recordPaths valueRecordPaths: inout Range<Int>, copyFrom: inout Int
    ) -> JSONSyntaxError? {
        let top = frames.count - 1
        // Read the fields needed, not the whole frame (a copy of fourteen words per member).
        let isObject = frames[top].isObject
        memberStart = pos
        var keySpanRange = 0..<0
        var keyEscaped = false
        if isObject {
            guard record[pos] == UInt8(ascii: "\"") else {
                return JSONSyntaxError(offset: pos, message: JSONScanning.describeUnexpected(record, at: pos, expecting: "a key in quotes"))
            }
            switch JSONScanning.scanKey(record, at: pos) {
            case .error(let error): return error
            case let .string(content, escaped, end):
                keySpanRange = content
                keyEscaped = escaped
                frames[top].childKey = content
                pos = JSONScanning.skipWhitespace(record, from: end)
                guard pos < record.count, record[pos] == UInt8(ascii: ":") else {
                    return JSONSyntaxError(offset: pos, message: JSONScanning.describeUnexpected(record, at: pos, expecting: "':' after the key"))
                }
                pos = JSONScanning.skipWhitespace(record, from: pos + 1)
                guard pos < record.count else { return JSONSyntaxError(offset: pos, message: "unexpected end of record after ':'") }
            }
        }
        if frames[top].skipToNext {
            // The children before this one were all dropped: drop the separator too.
            copyFrom = memberStart
            frames[top].skipToNext = false
        }
        decision = frames[top].inherited
        if !fieldPaths.isEnabled && !recordPaths.isEnabled { return nil }
        let frame = frames[top]
        if frame.frozen { return nil }
        let index = frame.count
        // The key as the rules see it: decoded when it has escapes.
        let decoded = keyEscaped ? decodeKey(record, keySpanRange) : []
        let key = keyEscaped ? decoded.span : record.extracting(keySpanRange)
        if fieldPaths.isEnabled {
            paths = fieldPaths.child(of: frame.paths, isObject: isObject, key: key, index: index)
            if let rule = fieldPaths.rule(at: paths) { decision = engine.ruleDecisions[rule] }
        }
        if recordPaths.isEnabled {
            valueRecordPaths = recordPaths.child(of: frame.recordPaths, isObject: isObject, key: key, index: index)
        }
        return nil
    }

    /// A key with escapes, decoded (into a reused buffer; the returned array shares it).
    private mutating func decodeKey(_ record: Span<UInt8>, _ content: Range<Int>) -> [UInt8] {
        decodedKey.removeAll(keepingCapacity: true)
        JSONEscaping.unescape(record.extracting(content), into: &decodedKey)
        return decodedKey
    }

    private mutating func finishChild(end: Int, dropped: Bool) {
        frames[frames.count - 1].finishChild(end: end, dropped: dropped)
    }

    /// Removes a member (key and value) or an array element together with one separator.
    private mutating func dropMember(memberStart: Int, valueEnd: Int, copyFrom: inout Int, output: inout [UInt8], record: Span<UInt8>) {
        let top = frames.count - 1
        let cut = frames[top].kept == 0 ? memberStart : frames[top].lastEnd
        if cut > copyFrom { output.append(contentsOf: record.extracting(copyFrom..<cut)) }
        copyFrom = valueEnd
        if frames[top].kept == 0 { frames[top].skipToNext = true }
        stats.fieldRuleHits += 1
    }

    private enum StringResult { case kept, dropped }

    /// Masks a string value by its decision.
    private mutating func maskStringValue(
        _ record: Span<UInt8>, content: Range<Int>, escaped: Bool, profile: ByteProfile, valueStart: Int, valueEnd: Int,
        decision: FieldDecision, memberStart: Int, copyFrom: inout Int, output: inout [UInt8]
    ) -> StringResult {
        let raw = record.extracting(content)
        guard escaped else {
            return maskDecodedString(record, value: raw, profile: profile, content: content, valueStart: valueStart, valueEnd: valueEnd,
                                     decision: decision, memberStart: memberStart, copyFrom: &copyFrom, output: &output)
        }
        unescaped.removeAll(keepingCapacity: true)
        JSONEscaping.unescape(raw, into: &unescaped)
        let decoded = unescaped
        return maskDecodedString(record, value: decoded.span, profile: nil, content: content, valueStart: valueStart, valueEnd: valueEnd,
                                 decision: decision, memberStart: memberStart, copyFrom: &copyFrom, output: &output)
    }

    private mutating func maskDecodedString(
        _ record: Span<UInt8>, value: Span<UInt8>, profile: ByteProfile?, content: Range<Int>, valueStart: Int, valueEnd: Int,
        decision: FieldDecision, memberStart: Int, copyFrom: inout Int, output: inout [UInt8]
    ) -> StringResult {
        switch decision {
        case .detect(let set):
            let keyRange = frames.last?.isObject == true ? frames[frames.count - 1].childKey : (frames.last?.key ?? 0..<0)
            let auditField = engine.options.detectedEntitiesField == nil ? nil : auditPath(record)
            // The scanner's profile was made with the default set's table.
            let changed = maskFreeText(value, set: set, fieldName: record.extracting(keyRange), auditField: auditField,
                                       profile: set == 0 ? profile : nil)
            guard changed else { return .kept }
        case .rule(let rule):
            switch engine.ruleActions[rule] {
            case .keep?, nil:
                return .kept
            case .drop?:
                dropMember(memberStart: memberStart, valueEnd: valueEnd, copyFrom: &copyFrom, output: &output, record: record)
                return .dropped
            case .null?:
                if valueStart > copyFrom { output.append(contentsOf: record.extracting(copyFrom..<valueStart)) }
                output.append(contentsOf: JSONScanning.null)
                copyFrom = valueEnd
                return .kept
            default:
                // An empty value has nothing to mask: a redaction or hash of it would only add data.
                if value.isEmpty { return .kept }
                applyRule(rule, to: value)
            }
        }
        if content.lowerBound > copyFrom { output.append(contentsOf: record.extracting(copyFrom..<content.lowerBound)) }
        let masked = rewritten
        JSONEscaping.escape(masked.span, into: &output)
        copyFrom = content.upperBound
        return .kept
    }


    private func appendJSONString(_ bytes: [UInt8], to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        JSONEscaping.escape(bytes.span, into: &output)
        output.append(UInt8(ascii: "\""))
    }

    private mutating func holdsRecordRule(_ rule: Int, _ raw: Span<UInt8>, escaped: Bool) -> Bool {
        let compiled = engine.recordRules[rule]
        guard escaped else { return compiled.holds(for: raw, scratch: scratch) }
        var decoded: [UInt8] = []
        JSONEscaping.unescape(raw, into: &decoded)
        return compiled.holds(for: decoded.span, scratch: scratch)
    }

    /// The path of the value being masked, as `user.emails[2]`, for the audit.
    private func auditPath(_ record: Span<UInt8>) -> String {
        var path = ""
        for frame in frames {
            if frame.isObject {
                var key: [UInt8] = []
                JSONEscaping.unescape(record.extracting(frame.childKey), into: &key)
                if !path.isEmpty { path += "." }
                path += String(decoding: key, as: UTF8.self)
            } else {
                path += "[\(frame.count)]"
            }
        }
        return path
    }

    /// Adds the audit member before the root object's closing brace.
    private mutating func appendAudit(field: String, record: Span<UInt8>, copyFrom: inout Int, output: inout [UInt8]) {
        guard record[JSONScanning.skipWhitespace(record, from: 0)] == UInt8(ascii: "{"),
              let close = ByteSearch.lastIndex(of: UInt8(ascii: "}"), in: record, before: record.count)
        else { return }
        if close > copyFrom { output.append(contentsOf: record.extracting(copyFrom..<close)) }
        copyFrom = close
        var beforeClose = close - 1
        while beforeClose >= 0 && JSONScanning.isWhitespace(record[beforeClose]) { beforeClose -= 1 }
        let isEmptyObject = record[beforeClose] == UInt8(ascii: "{")
        if !isEmptyObject { output.append(UInt8(ascii: ",")) }
        output.append(UInt8(ascii: "\""))
        JSONEscaping.escape(Array(field.utf8).span, into: &output)
        output.append(contentsOf: "\":".utf8)
        audit.appendJSON(into: &output)
    }
}
