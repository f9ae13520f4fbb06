// Why this file exists
//
// Most runs have no field rules: every string value gets the default detectors. For those runs this
// loop validates and masks a JSON record keeping only what validation and context words need (the
// kind of each open container and the key it sits under): no frames, rule paths or drop bookkeeping,
// which made up most of the per-member cost of `maskJSONRecordByRules`. The two loops must accept,
// reject and rewrite exactly alike; `JSONLoopEquivalenceTests` holds them to it on the
// JSONTestSuite and on generated records.
//
// Built for the register allocator: the common member (a plain key, then a string without
// escapes, each right after its `:` or `,`) is read inline, and everything else is a call, so that
// the loop keeps few values live; each value fewer was a spill and a reload around every key and
// value. Measured with callgrind, small changes here move the count either way by a percent (the
// allocation shifts), so each one was kept only if it lowered it.

/// An open container around the innermost one, while `detectInJSONRecord` is inside it (an array,
/// or any container below the first 63 levels: see `saveContainer`).
struct OpenContainer {
    let isObject: Bool
    /// The key its values sit under when it was left for an inner container: for an object the
    /// current member's key (the inner container's), for an array the array's own key.
    let key: Range<Int>
}

/// The state of `detectInJSONRecord` that the per-member path at most writes (a key), in one value
/// that the out-of-line helpers take `inout`.
struct JSONDetectState {
    /// Where the lazy copy of unchanged bytes resumes (see `RecordMasker.flush`).
    var copyFrom = 0
    /// The key a value in the innermost container sits under: the member's key in an object, the
    /// array's key in an array (empty at the root, or for an array in an array).
    var fieldKey = 0..<0
    /// How many containers are open.
    var depth = 0
    /// Whether each of the containers around the innermost one is an object, innermost in bit 0,
    /// below a 1 that marks the bottom: up to 63 of them (see `saveContainer`).
    var parentKinds: UInt64 = 1
    /// How many containers around the innermost one are on `openContainers` whole because
    /// `parentKinds` was full when they were saved.
    var savedWhole = 0
    /// Whether `RecordMasker.classMap` holds the record's byte classes (else values are
    /// profiled byte by byte).
    var classified = false
}

extension RecordMasker {
    /// `maskJSONRecord` for runs where every string value gets the default detectors.
    ///
    /// The common member is read inline; any other shape, a lone root value, an array's saved
    /// key, detection and every error are calls to helpers kept out of line.
    mutating func detectInJSONRecord(_ record: Span<UInt8>, into output: inout [UInt8], unchangedFrom: inout Int) -> JSONRecordOutcome {
        let count = record.count
        var state = JSONDetectState()
        // Every container of a record that parsed was closed; only a rejected record leaves some.
        if !openContainers.isEmpty { openContainers.removeAll(keepingCapacity: true) }
        // The innermost open container (`state.depth` counts the open ones). Every value after
        // the first (the root container) is inside one, so only closing tests the depth.
        var isObject = false

        var pos = JSONScanning.skipWhitespace(record, from: 0)
        guard pos < count else { return Self.rejected(at: 0, "empty record") }
        guard record[pos] == UInt8(ascii: "{") || record[pos] == UInt8(ascii: "[") else {
            return detectInLoneValue(record, at: pos, output: &output, unchangedFrom: &unchangedFrom)
        }
        if profilesValues && classMap.covers(recordLength: count) {
            classMap.classify(record)
            state.classified = true
        }

        while true {
            // Parse one value at `pos`.
            let byte = record[pos]
            if byte == UInt8(ascii: "\"") {
                // The common string: profiled up to its closing quote, with no escape on the way.
                if profilesValues, let next = detectInPlainString(record, quoteAt: pos, state: &state, output: &output) {
                    pos = next
                    if isObject && detectPlainMembers(record, at: &pos, state: &state, output: &output) { continue }
                } else if let failure = otherStringValue(record, at: &pos, state: &state, output: &output) {
                    return failure
                }
            } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                guard state.depth < Self.maxJSONDepth else { return Self.rejectedTooDeep(at: pos) }
                let opensObject = byte == UInt8(ascii: "{")
                let first = JSONScanning.skipWhitespace(record, from: pos &+ 1)
                guard first < count else { return Self.rejectedEndInside(isObject: opensObject, at: first) }
                if record[first] == (opensObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    // An empty container is a value like a number: nothing opens or closes.
                    pos = first &+ 1
                    if state.depth == 0 { return Self.finish(record, at: pos, copyFrom: state.copyFrom, unchangedFrom: &unchangedFrom) }
                } else {
                    if state.depth > 0 { saveContainer(isObject: isObject, state: &state) }
                    isObject = opensObject
                    state.depth &+= 1
                    pos = first
                    // First child.
                    if isObject, let failure = Self.readKey(record, at: &pos, into: &state.fieldKey) { return failure }
                    continue
                }
            } else {
                guard let end = JSONScanning.scanScalar(record, at: pos) else {
                    return Self.rejected(record, at: pos, expecting: "a value")
                }
                pos = end
            }

            // After a value in a container: close containers and move to the next child.
            while true {
                // The common separators first: a comma with the next child right after it, or
                // the closing bracket right after the value; `separator` reads every other case.
                let closes: Bool
                if JSONScanning.isCompactComma(record, at: pos) {
                    pos &+= 1
                    closes = false
                } else if pos < count && record[pos] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    closes = true
                } else {
                    switch JSONScanning.separator(record, at: &pos, inObject: isObject) {
                    case .nextChild: closes = false
                    case .close: closes = true
                    case .failure(let failure): return Self.rejected(failure, in: record)
                    }
                }
                if closes {
                    // The innermost container closes at `pos` (its closing bracket).
                    pos &+= 1
                    state.depth &-= 1
                    if state.depth == 0 { return Self.finish(record, at: pos, copyFrom: state.copyFrom, unchangedFrom: &unchangedFrom) }
                    restoreContainer(isObject: &isObject, state: &state)
                    continue
                }
                if isObject, let failure = Self.readKey(record, at: &pos, into: &state.fieldKey) { return failure }
                break
            }
        }
    }

    /// Profiles the string whose opening quote is at `start` and, unless its profile rules that
    /// out, detects in it (most values: nothing any detector could match). Returns the offset
    /// after its closing quote, or nil when an escape or a control character comes first (or no
    /// quote): the caller then reads it with `otherStringValue`.
    @inline(__always)
    private mutating func detectInPlainString(
        _ record: Span<UInt8>, quoteAt start: Int, state: inout JSONDetectState, output: inout [UInt8]
    ) -> Int? {
        let (profile, end) = state.classified
            ? classMap.profileRun(record, from: start &+ 1, table: defaultTable)
            : defaultTable.profileRun(record, from: start &+ 1)
        guard end < record.count && record[end] == UInt8(ascii: "\"") else { return nil }
        if !defaultSet.cannotMatch(profile, in: record, from: start &+ 1, to: end) {
            detectInValue(record, content: (start &+ 1)..<end, escaped: false, profile: profile, state: &state, output: &output)
        }
        return end &+ 1
    }

    /// After a plain string value in an object (`pos` at the byte after its closing quote), reads
    /// on while each next member is a common one: a compact comma, a plain key and colon, and a
    /// plain string value, a number or a literal. Returns true when it stopped at a member's value
    /// (its key read into `state.fieldKey`, `pos` at the value), false when it stopped after a
    /// value (`pos` at the byte after it, for the separator). Out of line, with few values live,
    /// so that a run of such members costs no spills.
    @inline(never)
    private mutating func detectPlainMembers(
        _ record: Span<UInt8>, at pos: inout Int, state: inout JSONDetectState, output: inout [UInt8]
    ) -> Bool {
        var at = pos
        while JSONScanning.isCompactComma(record, at: at), let plain = JSONScanning.readPlainKey(record, at: at &+ 1) {
            state.fieldKey = plain.key
            let start = plain.value
            let first = record[start]
            if first == UInt8(ascii: "\"") {
                guard let next = detectInPlainString(record, quoteAt: start, state: &state, output: &output) else {
                    pos = start
                    return true
                }
                at = next
            } else if first != UInt8(ascii: "{") && first != UInt8(ascii: "["), let end = JSONScanning.scanScalar(record, at: start) {
                at = end
            } else {
                pos = start
                return true
            }
        }
        pos = at
        return false
    }

    /// The end of a record after its root value: only whitespace may follow. The unchanged bytes
    /// from `copyFrom` on are left to the caller.
    @inline(__always)
    private static func finish(_ record: Span<UInt8>, at end: Int, copyFrom: Int, unchangedFrom: inout Int) -> JSONRecordOutcome {
        if let error = JSONScanning.endOfRecordError(record, after: end) { return .invalid(error) }
        unchangedFrom = copyFrom
        return .masked
    }

    /// A record that is a lone string, number or literal rather than a container.
    @inline(never)
    private mutating func detectInLoneValue(_ record: Span<UInt8>, at start: Int, output: inout [UInt8], unchangedFrom: inout Int) -> JSONRecordOutcome {
        var state = JSONDetectState()
        var pos = start
        if record[pos] == UInt8(ascii: "\"") {
            if let failure = otherStringValue(record, at: &pos, state: &state, output: &output) { return failure }
        } else {
            guard let end = JSONScanning.scanScalar(record, at: pos) else {
                return Self.rejected(record, at: pos, expecting: "a value")
            }
            pos = end
        }
        return Self.finish(record, at: pos, copyFrom: state.copyFrom, unchangedFrom: &unchangedFrom)
    }

    /// Saves the innermost container as an inner one opens: an object as one bit of
    /// `state.parentKinds` (its key is read afresh for its next member), an array as a bit and its
    /// key on `openContainers`; once the bits are full, each whole on `openContainers`.
    @inline(__always)
    private mutating func saveContainer(isObject: Bool, state: inout JSONDetectState) {
        if state.parentKinds >> 63 != 0 {
            state.savedWhole += 1
            pushContainer(OpenContainer(isObject: isObject, key: state.fieldKey))
        } else {
            state.parentKinds = state.parentKinds << 1 | (isObject ? 1 : 0)
            if !isObject { pushContainer(OpenContainer(isObject: false, key: state.fieldKey)) }
        }
        // In an object, the member's key is already the new container's key.
        if !isObject { state.fieldKey = 0..<0 }
    }

    /// Makes the container saved last by `saveContainer` the innermost again.
    @inline(__always)
    private mutating func restoreContainer(isObject: inout Bool, state: inout JSONDetectState) {
        if state.savedWhole > 0 {
            state.savedWhole -= 1
            let container = popContainer()
            isObject = container.isObject
            state.fieldKey = container.key
        } else {
            isObject = state.parentKinds & 1 != 0
            state.parentKinds >>= 1
            if !isObject { state.fieldKey = popContainer().key }
        }
    }

    /// Reads an object member's key and colon (`pos < record.count`): inline for the common
    /// shape, else out of line. Returns nil, or the rejection.
    @inline(__always)
    private static func readKey(_ record: Span<UInt8>, at pos: inout Int, into key: inout Range<Int>) -> JSONRecordOutcome? {
        if let plain = JSONScanning.readPlainKey(record, at: pos) {
            key = plain.key
            pos = plain.value
            return nil
        }
        return readOtherKey(record, at: &pos, into: &key)
    }

    @inline(never)
    private static func readOtherKey(_ record: Span<UInt8>, at pos: inout Int, into key: inout Range<Int>) -> JSONRecordOutcome? {
        var read = (content: key, escaped: false)
        if let failure = JSONScanning.readKey(record, at: &pos, key: &read) { return .invalid(failure.syntaxError(in: record)) }
        key = read.content
        return nil
    }

    /// Scans and masks a string value that the inline path leaves: one with escapes, an invalid
    /// one, or any when the default set has no detectors. Moves `pos` past it, or returns the
    /// rejection.
    @inline(never)
    private mutating func otherStringValue(
        _ record: Span<UInt8>, at pos: inout Int, state: inout JSONDetectState, output: inout [UInt8]
    ) -> JSONRecordOutcome? {
        var profile = ByteProfile()
        let scan = profilesValues
            ? JSONScanning.scanString(record, at: pos, table: defaultTable, profile: &profile)
            : JSONScanning.scanString(record, at: pos)
        switch scan {
        case .error(let failure):
            return .invalid(failure.syntaxError)
        case let .string(content, escaped, end):
            if escaped || !defaultSet.cannotMatch(profile, in: record, from: content.lowerBound, to: content.upperBound) {
                detectInValue(record, content: content, escaped: escaped, profile: profile, state: &state, output: &output)
            }
            pos = end
            return nil
        }
    }

    /// Runs the default detectors over a string value that its profile did not rule out (or that
    /// has escapes). Context words see `state.fieldKey`. Out of line, to keep the loop small.
    @inline(never)
    private mutating func detectInValue(
        _ record: Span<UInt8>, content: Range<Int>, escaped: Bool, profile: ByteProfile, state: inout JSONDetectState,
        output: inout [UInt8]
    ) {
        guard !escaped else {
            detectInString(record, content: content, escaped: true, profile: profile, set: 0, fieldKey: state.fieldKey,
                           auditField: nil, copyFrom: &state.copyFrom, output: &output)
            return
        }
        // The clean-value lookup first, here: most values that get this far were seen before.
        let value = record.extracting(content)
        let fieldName = record.extracting(state.fieldKey)
        let key = defaultCleanValues.key(value, fieldName: fieldName)
        if let key, defaultCleanValues.contains(key, value, fieldName: fieldName) { return }
        if maskUnremembered(value, set: 0, fieldName: fieldName, auditField: nil, profile: profile, cleanKey: key) {
            writeRewritten(record, content: content, copyFrom: &state.copyFrom, output: &output)
        }
    }

    @inline(never)
    private mutating func pushContainer(_ container: OpenContainer) {
        openContainers.append(container)
    }

    @inline(never)
    private mutating func popContainer() -> OpenContainer {
        openContainers.removeLast()
    }

    // The rejections, out of line: their messages are built only when a record is invalid.

    @inline(never)
    private static func rejected(at offset: Int, _ message: String) -> JSONRecordOutcome {
        .invalid(JSONSyntaxError(offset: offset, message: message))
    }

    @inline(never)
    private static func rejectedTooDeep(at offset: Int) -> JSONRecordOutcome {
        rejected(at: offset, "nesting deeper than \(maxJSONDepth) levels")
    }

    @inline(never)
    private static func rejectedEndInside(isObject: Bool, at offset: Int) -> JSONRecordOutcome {
        rejected(at: offset, "unexpected end of record inside \(isObject ? "an object" : "an array")")
    }

    @inline(never)
    private static func rejected(_ record: Span<UInt8>, at offset: Int, expecting: String) -> JSONRecordOutcome {
        rejected(at: offset, JSONScanning.describeUnexpected(record, at: offset, expecting: expecting))
    }

    @inline(never)
    private static func rejected(_ failure: JSONScanning.SeparatorFailure, in record: Span<UInt8>) -> JSONRecordOutcome {
        .invalid(failure.syntaxError(in: record))
    }
}
