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
// Under field rules most values lead to no rule: once the path matcher has no node left for a
// value (and no detector would look at it), or a rule keeps, drops or nulls a container whole, the
// value is only validated, by `JSONScanning.skipValue`, with no frame, path or member bookkeeping.
// That validator must check what this loop checks, in the same order, so errors stay the same.
// Under field rules alone, a record is first validated whole that way, watching its keys, and
// walked only when one of the rules' keys turns up in it (`RuleKeyFilter`).
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
        var unchangedFrom = 0
        let outcome = maskJSONRecord(record, into: &output, unchangedFrom: &unchangedFrom)
        if outcome == .masked { output.append(contentsOf: record.extracting(unchangedFrom...)) }
        return outcome
    }

    /// Masks one JSON record into `output` but for its unchanged end: on `.masked`, the record's
    /// bytes from `unchangedFrom` on (all of them when it is 0: nothing changed) are the caller's
    /// to copy or to pass through (see `PassThrough`).
    mutating func maskJSONRecord(_ record: Span<UInt8>, into output: inout [UInt8], unchangedFrom: inout Int) -> JSONRecordOutcome {
        detectsOnly
            ? detectInJSONRecord(record, into: &output, unchangedFrom: &unchangedFrom)
            : maskJSONRecordByRules(record, into: &output, unchangedFrom: &unchangedFrom)
    }

    /// `maskJSONRecord` with field rules, record rules or an audit: tracks each value's path.
    private mutating func maskJSONRecordByRules(_ record: Span<UInt8>, into output: inout [UInt8], unchangedFrom: inout Int) -> JSONRecordOutcome {
        let count = record.count
        var copyFrom = 0
        // The innermost open container lives in `top` (a local, so the per-member bookkeeping
        // touches no array); `frames` holds the ones around it. At depth 0, `top` is a stand-in.
        var top = JSONFrame.outside
        var depth = 0
        // Empty after every valid record; `removeAll` is a generic call even then.
        if !frames.isEmpty { frames.removeAll(keepingCapacity: true) }
        audit.reset()
        let trackFields = fieldPaths.isEnabled
        let trackRecords = recordPaths.isEnabled

        // The context of the value about to be parsed.
        var decision = MaskingEngine.defaultDecision
        var valuePaths = trackFields ? fieldPaths.reset() : 0..<0
        var valueRecordPaths = trackRecords ? recordPaths.reset() : 0..<0
        var memberStart = 0
        let defaultDecision = MaskingEngine.defaultDecision

        func fail(_ offset: Int, _ message: String) -> JSONRecordOutcome {
            .invalid(JSONSyntaxError(offset: offset, message: message))
        }

        var pos = JSONScanning.skipWhitespace(record, from: 0)
        guard pos < count else { return fail(0, "empty record") }
        if let ruleKeyFilter, ruleKeyTrial.shouldTry() {
            let skip = JSONScanning.skipValue(record, at: pos, depth: 0, watching: ruleKeyFilter)
            ruleKeyTrial.note(spared: skip != nil)
            // None of the rules' keys is in the record: it was only validated (see RuleKeyFilter).
            if let skip {
                switch skip {
                case .failure(let failure): return .invalid(failure.syntaxError(in: record))
                case .end(let end): if let error = JSONScanning.endOfRecordError(record, after: end) { return .invalid(error) }
                }
                unchangedFrom = 0
                return .masked
            }
        }

        while true {
            // Parse one value at `pos`.
            let valueStart = pos
            var valueEnd: Int
            var dropped = false
            var closeNow = false
            var atFirstChild = false
            // No rule reaches into the value and no detector looks at it: it is only validated.
            let untouched = untouchedBelow(decision) && valuePaths.isEmpty && valueRecordPaths.isEmpty
            let byte = record[pos]
            if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                guard depth < Self.maxJSONDepth else { return .invalid(JSONScanning.ValueFailure.tooDeep(offset: pos).syntaxError(in: record)) }
                // A rule that keeps, drops or nulls the container whole: nothing inside is looked at.
                var whole = WholeContainer.walked
                if case .rule(let rule) = decision, let action = engine.ruleActions[rule] {
                    switch action {
                    case .keep: whole = .kept
                    case .drop: whole = .dropped
                    case .null: whole = .nulled
                    default: break
                    }
                }
                if whole != .walked || untouched {
                    switch JSONScanning.skipValue(record, at: pos, depth: depth) {
                    case .failure(let failure): return .invalid(failure.syntaxError(in: record))
                    case .end(let end): valueEnd = end
                    }
                    if whole == .dropped {
                        dropMember(memberStart: memberStart, valueEnd: valueEnd, in: &top, copyFrom: &copyFrom, output: &output, record: record)
                        dropped = true
                    } else if whole == .nulled {
                        Self.flush(record, from: &copyFrom, to: valueStart, into: &output)
                        output.append(contentsOf: JSONScanning.null)
                        copyFrom = valueEnd
                    }
                    pos = valueEnd
                } else {
                    let isObject = byte == UInt8(ascii: "{")
                    // Members that only a key could lead to a rule: let the key filter settle most.
                    let keyed = isObject && untouchedBelow(decision) && valueRecordPaths.isEmpty
                    let opened = JSONFrame(
                        isObject: isObject, inherited: decision, paths: valuePaths, recordPaths: valueRecordPaths,
                        memberFilter: keyed ? fieldPaths.keyFilter(at: valuePaths) : ~0, key: top.childKey, lastEnd: pos + 1)
                    if depth > 0 { frames.append(top) }
                    top = opened
                    depth += 1
                    pos = JSONScanning.skipWhitespace(record, from: pos + 1)
                    guard pos < count else {
                        return .invalid(JSONScanning.ValueFailure.endInside(offset: pos, isObject: isObject).syntaxError(in: record))
                    }
                    valueEnd = pos
                    // An empty container closes right away below; else its first child comes next.
                    closeNow = record[pos] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"))
                    atFirstChild = !closeNow
                }
            } else if byte == UInt8(ascii: "\"") {
                let content: Range<Int>
                let escaped: Bool
                var profile = ByteProfile()
                let scan = profilesValues
                    ? JSONScanning.scanString(record, at: pos, table: defaultTable, profile: &profile)
                    : JSONScanning.scanString(record, at: pos)
                switch scan {
                case .error(let failure): return .invalid(failure.syntaxError)
                case let .string(range, hasEscapes, end):
                    content = range
                    escaped = hasEscapes
                    valueEnd = end
                }
                if !untouched {
                    if trackRecords, let rule = recordPaths.rule(at: valueRecordPaths),
                       holdsRecordRule(rule, record.extracting(content), escaped: escaped) {
                        return .droppedByRule
                    }
                    // Most values: default detection, nothing any detector could match. Done.
                    let skip = !escaped && decision == defaultDecision && defaultSet.cannotMatch(profile, in: record, from: content.lowerBound, to: content.upperBound)
                    let result = skip ? .kept : maskStringValue(
                        record, content: content, escaped: escaped, profile: profile, valueStart: valueStart,
                        valueEnd: valueEnd, decision: decision, in: &top, memberStart: memberStart, copyFrom: &copyFrom,
                        output: &output)
                    dropped = result == .dropped
                }
                pos = valueEnd
            } else {
                guard let end = JSONScanning.scanScalar(record, at: pos) else {
                    return .invalid(JSONScanning.ValueFailure.notAValue(offset: pos).syntaxError(in: record))
                }
                valueEnd = end
                if !untouched {
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
                            dropMember(memberStart: memberStart, valueEnd: end, in: &top, copyFrom: &copyFrom, output: &output, record: record)
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
            while true {
                if closeNow {
                    // The container in `top` closes at `pos` (its closing bracket).
                    let closed = (paths: top.paths.lowerBound, recordPaths: top.recordPaths.lowerBound)
                    depth -= 1
                    top = depth > 0 ? frames.removeLast() : .outside
                    pos += 1
                    childEnd = pos
                    childDropped = false
                    if trackFields { fieldPaths.truncate(to: closed.paths) }
                    if trackRecords { recordPaths.truncate(to: closed.recordPaths) }
                    closeNow = false
                }
                guard depth > 0 else {
                    if let error = JSONScanning.endOfRecordError(record, after: pos) { return .invalid(error) }
                    if let field = engine.options.detectedEntitiesField {
                        appendAudit(field: field, record: record, copyFrom: &copyFrom, output: &output)
                    }
                    unchangedFrom = copyFrom
                    return .masked
                }
                if atFirstChild {
                    atFirstChild = false
                } else {
                    top.finishChild(end: childEnd, dropped: childDropped)
                    if trackFields { fieldPaths.truncate(to: top.paths.upperBound) }
                    if trackRecords { recordPaths.truncate(to: top.recordPaths.upperBound) }
                    switch JSONScanning.separator(record, at: &pos, inObject: top.isObject) {
                    case .nextChild: break
                    case .close:
                        closeNow = true
                        continue
                    case .failure(let failure):
                        return .invalid(failure.syntaxError(in: record))
                    }
                }
                // At a child's start.
                if top.memberFilter != ~0 && !top.skipToNext {
                    switch Self.skipDeadMembers(record, at: &pos, in: &top, depth: depth) {
                    case .live: break
                    case .close:
                        closeNow = true
                        continue
                    case .failure(let failure):
                        return .invalid(failure.syntaxError(in: record))
                    }
                }
                if let error = prepareChild(record, at: &pos, in: &top, memberStart: &memberStart, decision: &decision,
                                            paths: &valuePaths, recordPaths: &valueRecordPaths, copyFrom: &copyFrom) {
                    return .invalid(error)
                }
                break
            }
        }
    }

    /// Copies the record's bytes from `copyFrom` up to `end` (the lazy copy of unchanged bytes).
    @inline(__always)
    static func flush(_ record: Span<UInt8>, from copyFrom: inout Int, to end: Int, into output: inout [UInt8]) {
        if end > copyFrom { output.append(contentsOf: record.extracting(copyFrom..<end)) }
        copyFrom = end
    }

    /// Whether values under `decision` are left alone unless a rule selects them: no detector of
    /// the default set looks at them (field rules only).
    @inline(__always)
    private func untouchedBelow(_ decision: FieldDecision) -> Bool {
        // `MaskingEngine.defaultDecision`, matched as a pattern (`==` is a call, and this runs per value).
        guard !profilesValues, case .detect(0) = decision else { return false }
        return true
    }

    /// What a field rule does to a container as a whole (a plain enum: a `MaskAction?` local cost
    /// an outlined copy and destroy for every container).
    private enum WholeContainer { case walked, kept, dropped, nulled }

    private enum DeadMembers {
        /// `pos` is at the key of a member that may lead to a rule.
        case live
        /// `pos` is at the object's closing brace.
        case close
        case failure(JSONScanning.ValueFailure)
    }

    /// From `pos` at a member's key in object `top`, skips the members whose key leads to no rule
    /// (by `top.memberFilter`): validates each one's key, value and the separator after it and
    /// counts it as kept, with no path step, decision or frame beyond `finishChild`.
    private static func skipDeadMembers(_ record: Span<UInt8>, at pos: inout Int, in top: inout JSONFrame, depth: Int) -> DeadMembers {
        while true {
            let memberStart = pos
            var key = (content: 0..<0, escaped: false)
            if let failure = JSONScanning.readKeyQuickly(record, at: &pos, key: &key) { return .failure(.key(failure)) }
            // An escaped key is matched decoded: leave it to the full path.
            let bits = KeyHash.filterBits(record.extracting(key.content))
            if key.escaped || top.memberFilter & bits == bits {
                pos = memberStart
                return .live
            }
            switch JSONScanning.skipValue(record, at: pos, depth: depth) {
            case .failure(let failure): return .failure(failure)
            case .end(let end): pos = end
            }
            top.finishChild(end: pos, dropped: false)
            switch JSONScanning.separator(record, at: &pos, inObject: true) {
            case .nextChild: continue
            case .close: return .close
            case .failure(let failure): return .failure(.separator(failure))
            }
        }
    }

    /// Reads the next child's key (objects) and works out the decision for its value.
    /// On return `pos` is at the value.
    @inline(__always)
    private mutating func prepareChild(
        _ record: Span<UInt8>, at pos: inout Int, in top: inout JSONFrame, memberStart: inout Int, decision: inout FieldDecision,
        paths: inout Range<Int>, recordPaths valueRecordPaths: inout Range<Int>, copyFrom: inout Int
    ) -> JSONSyntaxError? {
        memberStart = pos
        var key = (content: 0..<0, escaped: false)
        if top.isObject {
            if let failure = JSONScanning.readKey(record, at: &pos, key: &key) { return failure.syntaxError(in: record) }
            top.childKey = key.content
        }
        if top.skipToNext {
            // The children before this one were all dropped: drop the separator too.
            copyFrom = memberStart
            top.skipToNext = false
        }
        decision = top.inherited
        if fieldPaths.isEnabled || recordPaths.isEnabled {
            stepPaths(record, from: top, keyEscaped: key.escaped, decision: &decision, paths: &paths, recordPaths: &valueRecordPaths)
        }
        return nil
    }

    /// Steps the rule tries from container `frame` to its current child, and takes the field
    /// rule that selects the child, if any.
    private mutating func stepPaths(
        _ record: Span<UInt8>, from frame: JSONFrame, keyEscaped: Bool, decision: inout FieldDecision,
        paths: inout Range<Int>, recordPaths valueRecordPaths: inout Range<Int>
    ) {
        // The key as the rules see it: decoded when it has escapes.
        if keyEscaped {
            let decoded = decodeString(record, frame.childKey)
            stepPaths(key: decoded.span, from: frame, decision: &decision, paths: &paths, recordPaths: &valueRecordPaths)
        } else {
            stepPaths(key: record.extracting(frame.childKey), from: frame, decision: &decision, paths: &paths, recordPaths: &valueRecordPaths)
        }
    }

    @inline(__always)
    private mutating func stepPaths(
        key: Span<UInt8>, from frame: JSONFrame, decision: inout FieldDecision, paths: inout Range<Int>,
        recordPaths valueRecordPaths: inout Range<Int>
    ) {
        if fieldPaths.isEnabled {
            paths = fieldPaths.child(of: frame.paths, isObject: frame.isObject, key: key, index: frame.count)
            if let rule = fieldPaths.rule(at: paths) { decision = engine.ruleDecisions[rule] }
        }
        if recordPaths.isEnabled {
            valueRecordPaths = recordPaths.child(of: frame.recordPaths, isObject: frame.isObject, key: key, index: frame.count)
        }
    }

    /// Removes a member (key and value) of container `frame`, or an array element, together with
    /// one separator.
    private mutating func dropMember(
        memberStart: Int, valueEnd: Int, in frame: inout JSONFrame, copyFrom: inout Int, output: inout [UInt8], record: Span<UInt8>
    ) {
        let cut = frame.kept == 0 ? memberStart : frame.lastEnd
        if cut > copyFrom { output.append(contentsOf: record.extracting(copyFrom..<cut)) }
        copyFrom = valueEnd
        if frame.kept == 0 { frame.skipToNext = true }
        stats.fieldRuleHits += 1
    }

    private enum StringResult { case kept, dropped }

    /// Masks a string value by its decision.
    private mutating func maskStringValue(
        _ record: Span<UInt8>, content: Range<Int>, escaped: Bool, profile: ByteProfile, valueStart: Int, valueEnd: Int,
        decision: FieldDecision, in frame: inout JSONFrame, memberStart: Int, copyFrom: inout Int, output: inout [UInt8]
    ) -> StringResult {
        switch decision {
        case .detect(let set):
            // Context words see the member's key, or for an array element the array's key.
            let keyRange = frame.isObject ? frame.childKey : frame.key
            let auditField = engine.options.detectedEntitiesField == nil ? nil : auditPath(record, innermost: frame)
            detectInString(record, content: content, escaped: escaped, profile: profile, set: set, fieldKey: keyRange,
                           auditField: auditField, copyFrom: &copyFrom, output: &output)
            return .kept
        case .rule(let rule):
            switch engine.ruleActions[rule] {
            case .keep?, nil:
                return .kept
            case .drop?:
                dropMember(memberStart: memberStart, valueEnd: valueEnd, in: &frame, copyFrom: &copyFrom, output: &output, record: record)
                return .dropped
            case .null?:
                if valueStart > copyFrom { output.append(contentsOf: record.extracting(copyFrom..<valueStart)) }
                output.append(contentsOf: JSONScanning.null)
                copyFrom = valueEnd
                return .kept
            default:
                let decoded = escaped ? decodeString(record, content) : []
                let value = escaped ? decoded.span : record.extracting(content)
                // An empty value has nothing to mask: a redaction or hash of it would only add data.
                if value.isEmpty { return .kept }
                applyRule(rule, to: value)
                writeRewritten(record, content: content, copyFrom: &copyFrom, output: &output)
                return .kept
            }
        }
    }

    /// Runs detector set `set` over a string value (decoded first if it has escapes) and writes
    /// the masked value in place of its content if anything changed.
    ///
    /// - Parameters:
    ///   - profile: the scanner's profile of the raw content under the default set's table.
    ///   - fieldKey: the range of the key the value sits under, for context words.
    mutating func detectInString(
        _ record: Span<UInt8>, content: Range<Int>, escaped: Bool, profile: ByteProfile, set: Int, fieldKey: Range<Int>,
        auditField: String?, copyFrom: inout Int, output: inout [UInt8]
    ) {
        let fieldName = record.extracting(fieldKey)
        let changed: Bool
        if escaped {
            let decoded = decodeString(record, content)
            changed = maskFreeText(decoded.span, set: set, fieldName: fieldName, auditField: auditField, remembersClean: true)
        } else {
            // No decoded copy to make (and release) for a value without escapes.
            changed = maskFreeText(record.extracting(content), set: set, fieldName: fieldName, auditField: auditField,
                                   profile: set == 0 ? profile : nil, remembersClean: true)
        }
        if changed { writeRewritten(record, content: content, copyFrom: &copyFrom, output: &output) }
    }

    /// A string's or key's content with its escapes decoded, into the reused `unescaped` buffer (the
    /// returned array shares it until the next decode).
    private mutating func decodeString(_ record: Span<UInt8>, _ content: Range<Int>) -> [UInt8] {
        unescaped.removeAll(keepingCapacity: true)
        JSONEscaping.unescape(record.extracting(content), into: &unescaped)
        return unescaped
    }

    /// Writes `rewritten`, escaped, in place of a string's content.
    func writeRewritten(_ record: Span<UInt8>, content: Range<Int>, copyFrom: inout Int, output: inout [UInt8]) {
        if content.lowerBound > copyFrom { output.append(contentsOf: record.extracting(copyFrom..<content.lowerBound)) }
        JSONEscaping.escape(rewritten.span, into: &output)
        copyFrom = content.upperBound
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

    /// The path of the value being masked, as `user.emails[2]`, for the audit (`innermost` is
    /// the container the value is in, `JSONFrame.outside` for a top-level value).
    private func auditPath(_ record: Span<UInt8>, innermost: JSONFrame) -> String {
        var path = ""
        for frame in frames + (innermost.isOutside ? [] : [innermost]) {
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
