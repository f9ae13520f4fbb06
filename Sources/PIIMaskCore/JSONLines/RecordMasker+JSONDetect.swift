// Why this file exists
//
// Most runs have no field rules: every string value gets the default detectors. For those runs this
// loop validates and masks a JSON record keeping only what validation and context words need (the
// kind of each open container and the key it sits under): no frames, rule paths or drop bookkeeping,
// which made up most of the per-member cost of `maskJSONRecordByRules`. The two loops must accept,
// reject and rewrite exactly alike; `JSONLoopEquivalenceTests` holds them to it on the
// JSONTestSuite and on generated records.

/// An open container around the innermost one, while `detectInJSONRecord` is inside it.
struct OpenContainer {
    let isObject: Bool
    /// The key the container sits under: its member's key, or empty for an array element or the root.
    let key: Range<Int>
}

extension RecordMasker {
    /// `maskJSONRecord` for runs where every string value gets the default detectors.
    mutating func detectInJSONRecord(_ record: Span<UInt8>, into output: inout [UInt8]) -> JSONRecordOutcome {
        let count = record.count
        var copyFrom = 0
        openContainers.removeAll(keepingCapacity: true)
        // The innermost open container (none at depth 0) and the key it sits under.
        var depth = 0
        var isObject = false
        var containerKey = 0..<0
        // The current member's key, while the innermost container is an object.
        var memberKey = (content: 0..<0, escaped: false)

        func fail(_ offset: Int, _ message: String) -> JSONRecordOutcome {
            .invalid(JSONSyntaxError(offset: offset, message: message))
        }

        var pos = JSONScanning.skipWhitespace(record, from: 0)
        guard pos < count else { return fail(0, "empty record") }

        while true {
            // Parse one value at `pos`.
            var closeNow = false
            let byte = record[pos]
            if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                guard depth < Self.maxJSONDepth else {
                    return fail(pos, "nesting deeper than \(Self.maxJSONDepth) levels")
                }
                if depth > 0 { openContainers.append(OpenContainer(isObject: isObject, key: containerKey)) }
                containerKey = depth > 0 && isObject ? memberKey.content : 0..<0
                isObject = byte == UInt8(ascii: "{")
                depth += 1
                pos = JSONScanning.skipWhitespace(record, from: pos + 1)
                guard pos < count else { return fail(pos, "unexpected end of record inside \(isObject ? "an object" : "an array")") }
                if record[pos] != (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    // First child.
                    if isObject {
                        if let failure = JSONScanning.readKey(record, at: &pos, key: &memberKey) {
                            return .invalid(failure.syntaxError(in: record))
                        }
                    }
                    continue
                }
                // An empty container: close it right away below.
                closeNow = true
            } else if byte == UInt8(ascii: "\"") {
                var profile = ByteProfile()
                let scan = profilesValues
                    ? JSONScanning.scanString(record, at: pos, table: defaultTable, profile: &profile)
                    : JSONScanning.scanString(record, at: pos)
                switch scan {
                case .error(let failure):
                    return .invalid(failure.syntaxError)
                case let .string(content, escaped, end):
                    // Most values: nothing any detector could match. Done.
                    if escaped || !defaultSet.cannotMatch(profile) {
                        // Context words see the member's key, or for an array element the array's key.
                        detectInString(record, content: content, escaped: escaped, profile: profile, set: 0,
                                       fieldKey: isObject ? memberKey.content : containerKey, auditField: nil,
                                       copyFrom: &copyFrom, output: &output)
                    }
                    pos = end
                }
            } else {
                guard let end = JSONScanning.scanScalar(record, at: pos) else {
                    return fail(pos, JSONScanning.describeUnexpected(record, at: pos, expecting: "a value"))
                }
                pos = end
            }

            // After a value: close containers and move to the next child.
            while true {
                if closeNow {
                    // The innermost container closes at `pos` (its closing bracket).
                    pos += 1
                    depth -= 1
                    if depth > 0 {
                        let parent = openContainers.removeLast()
                        isObject = parent.isObject
                        containerKey = parent.key
                    }
                    closeNow = false
                }
                guard depth > 0 else {
                    pos = JSONScanning.skipWhitespace(record, from: pos)
                    guard pos == count else {
                        return fail(pos, JSONScanning.describeUnexpected(record, at: pos, expecting: "the end of the record"))
                    }
                    Self.flush(record, from: &copyFrom, to: count, into: &output)
                    return .masked
                }
                switch JSONScanning.separator(record, at: &pos, inObject: isObject) {
                case .nextChild:
                    if isObject, let failure = JSONScanning.readKey(record, at: &pos, key: &memberKey) {
                        return .invalid(failure.syntaxError(in: record))
                    }
                case .close:
                    closeNow = true
                    continue
                case .failure(let failure):
                    return .invalid(failure.syntaxError(in: record))
                }
                break
            }
        }
    }
}
