/// The byte-level pieces of JSON validation (RFC 8259): whitespace, strings, numbers, literals.
///
/// Each function validates what it consumes and reports the offset of the first bad byte.
enum JSONScanning {
    static let null: [UInt8] = Array("null".utf8)

    enum StringScan {
        /// `content` excludes the quotes; `end` is the offset after the closing quote.
        case string(content: Range<Int>, escaped: Bool, end: Int)
        case error(StringFailure)
    }

    /// Why a string is invalid, and where. Holds no `String`, so that a scan's result is a plain
    /// value (a message in it cost every string value a call to release it); `syntaxError` words it.
    struct StringFailure: Equatable {
        enum Reason: Equatable {
            case unterminated
            case controlCharacter(UInt8)
            case invalidUnicodeEscape
            case invalidEscape(UInt8)
        }

        let offset: Int
        let reason: Reason

        var syntaxError: JSONSyntaxError {
            let message = switch reason {
            case .unterminated: "unterminated string"
            case .controlCharacter(let byte): "control character \(hexByte(byte)) in a string (must be escaped)"
            case .invalidUnicodeEscape: "invalid \\u escape (needs four hex digits)"
            case .invalidEscape(let byte): "invalid escape '\\\(printable(byte))' in a string"
            }
            return JSONSyntaxError(offset: offset, message: message)
        }
    }

    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    @inline(__always)
    static func skipWhitespace(_ bytes: Span<UInt8>, from start: Int) -> Int {
        var index = start
        while index < bytes.count && isWhitespace(bytes[index]) { index += 1 }
        return index
    }

    /// Scans an object key: one 16-byte vector compare for the short keys of most records (a
    /// plain loop near the record's end and after the first 16 bytes), falling back to
    /// `scanString` at the first backslash or control character.
    @inline(__always)
    static func scanKey(_ bytes: Span<UInt8>, at start: Int) -> StringScan {
        var index = start + 1
        let count = bytes.count
        if index + 16 <= count {
            let lane = ByteSearch.stringSpecialLane(in: bytes, at: index)
            if lane < 16 {
                let end = index + lane
                guard bytes[end] == UInt8(ascii: "\"") else { return scanString(bytes, at: start) }
                return .string(content: (start + 1)..<end, escaped: false, end: end + 1)
            }
            index += 16
        }
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { return .string(content: (start + 1)..<index, escaped: false, end: index + 1) }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            index += 1
        }
        return scanString(bytes, at: start)
    }

    /// Reads an object member's key and the colon after it into `key`; on return `pos` is at the
    /// member's value. Returns nil, or why the member is invalid.
    @inline(__always)
    static func readKey(_ bytes: Span<UInt8>, at pos: inout Int, key: inout (content: Range<Int>, escaped: Bool)) -> KeyFailure? {
        guard bytes[pos] == UInt8(ascii: "\"") else { return KeyFailure(offset: pos, reason: .notQuoted) }
        switch scanKey(bytes, at: pos) {
        case .error(let failure):
            return KeyFailure(offset: failure.offset, reason: .string(failure.reason))
        case let .string(content, escaped, end):
            key = (content, escaped)
            return readColon(bytes, at: &pos, after: end)
        }
    }

    /// Reads a member's key like `readKey` when the member has the common shape: a key without
    /// escapes or control characters, the colon right after it and the value right after the
    /// colon; and at most 15 bytes long, with 19 bytes of record from its opening quote. Returns the
    /// key's content and the value's offset, or nil for any other member (valid or not: `readKey`
    /// then reads it again, with its errors).
    @inline(__always)
    static func readPlainKey(_ bytes: Span<UInt8>, at pos: Int) -> (key: Range<Int>, value: Int)? {
        guard pos >= 0 && pos &+ 19 <= bytes.count else { return nil }
        return bytes.withUnsafeBufferPointer { buffer in
            // SAFETY: `pos + 19 <= count`: the opening quote, the 16 bytes after it, and the two
            // bytes after a closing quote among those 16 (at most `pos + 16`) lie in the buffer.
            guard buffer[pos] == UInt8(ascii: "\"") else { return nil }
            let block = UnsafeRawBufferPointer(buffer).loadUnaligned(fromByteOffset: pos &+ 1, as: SIMD16<UInt8>.self)
            guard let lane = ByteSearch.firstStringSpecialLane(block) else { return nil }
            let quote = pos &+ 1 &+ lane
            guard buffer[quote] == UInt8(ascii: "\""), buffer[quote &+ 1] == UInt8(ascii: ":"),
                  !isWhitespace(buffer[quote &+ 2])
            else { return nil }
            return (Range(uncheckedBounds: (pos &+ 1, quote)), quote &+ 2)
        }
    }

    /// `readKey` with the key's closing quote found by a word-at-a-time search: for the loops
    /// that read many keys and look at few (`skipValue`, the field-rule scanner's dead members).
    /// A key with an escape or a control character goes through `readKey`.
    @inline(__always)
    static func readKeyQuickly(_ bytes: Span<UInt8>, at pos: inout Int, key: inout (content: Range<Int>, escaped: Bool)) -> KeyFailure? {
        guard bytes[pos] == UInt8(ascii: "\"") else { return KeyFailure(offset: pos, reason: .notQuoted) }
        let close = ByteSearch.firstStringSpecialNear(in: bytes, from: pos + 1)
        guard close < bytes.count && bytes[close] == UInt8(ascii: "\"") else { return readKey(bytes, at: &pos, key: &key) }
        key = ((pos + 1)..<close, false)
        return readColon(bytes, at: &pos, after: close + 1)
    }

    /// The colon after a key that ends at `end`, and the whitespace around it; on return `pos` is at
    /// the member's value.
    @inline(__always)
    private static func readColon(_ bytes: Span<UInt8>, at pos: inout Int, after end: Int) -> KeyFailure? {
        pos = skipWhitespace(bytes, from: end)
        guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else { return KeyFailure(offset: pos, reason: .noColon) }
        pos = skipWhitespace(bytes, from: pos + 1)
        guard pos < bytes.count else { return KeyFailure(offset: pos, reason: .endAfterColon) }
        return nil
    }

    /// Why an object member's key is invalid, and where (a plain value, like `StringFailure`).
    struct KeyFailure: Equatable {
        enum Reason: Equatable {
            case notQuoted
            case string(StringFailure.Reason)
            case noColon
            case endAfterColon
        }

        let offset: Int
        let reason: Reason

        func syntaxError(in bytes: Span<UInt8>) -> JSONSyntaxError {
            switch reason {
            case .notQuoted:
                JSONSyntaxError(offset: offset, message: describeUnexpected(bytes, at: offset, expecting: "a key in quotes"))
            case .string(let reason):
                StringFailure(offset: offset, reason: reason).syntaxError
            case .noColon:
                JSONSyntaxError(offset: offset, message: describeUnexpected(bytes, at: offset, expecting: "':' after the key"))
            case .endAfterColon:
                JSONSyntaxError(offset: offset, message: "unexpected end of record after ':'")
            }
        }
    }

    /// What follows a child of a container: a comma and the next child, or the closing bracket.
    enum Separator: Equatable {
        /// `pos` is past the comma and its whitespace, at the next child.
        case nextChild
        /// `pos` is at the container's closing bracket.
        case close
        case failure(SeparatorFailure)
    }

    /// Why what follows a child is invalid, and where (a plain value, like `StringFailure`).
    struct SeparatorFailure: Equatable {
        enum Reason: Equatable {
            case endInContainer
            case endAfterComma
            case unexpected
        }

        let offset: Int
        let reason: Reason
        let inObject: Bool

        func syntaxError(in bytes: Span<UInt8>) -> JSONSyntaxError {
            switch reason {
            case .endInContainer:
                JSONSyntaxError(offset: offset, message: "unexpected end of record (missing '\(inObject ? "}" : "]")')")
            case .endAfterComma:
                JSONSyntaxError(offset: offset, message: "unexpected end of record after ','")
            case .unexpected:
                JSONSyntaxError(offset: offset, message: describeUnexpected(bytes, at: offset, expecting: inObject ? "',' or '}'" : "',' or ']'"))
            }
        }
    }

    /// Whether `pos` holds a comma with the next child right after it: what follows most children
    /// in compact JSON, which the loops test inline before calling `separator` for the rest.
    @inline(__always)
    static func isCompactComma(_ bytes: Span<UInt8>, at pos: Int) -> Bool {
        pos &+ 1 < bytes.count && bytes[pos] == UInt8(ascii: ",") && !isWhitespace(bytes[pos &+ 1])
    }

    /// Reads what follows a child of an object (`inObject`) or array, from `pos` (after the child).
    @inline(__always)
    static func separator(_ bytes: Span<UInt8>, at pos: inout Int, inObject: Bool) -> Separator {
        pos = skipWhitespace(bytes, from: pos)
        guard pos < bytes.count else {
            return .failure(SeparatorFailure(offset: pos, reason: .endInContainer, inObject: inObject))
        }
        let next = bytes[pos]
        if next == UInt8(ascii: ",") {
            pos = skipWhitespace(bytes, from: pos + 1)
            guard pos < bytes.count else { return .failure(SeparatorFailure(offset: pos, reason: .endAfterComma, inObject: inObject)) }
            return .nextChild
        }
        if next == (inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) { return .close }
        return .failure(SeparatorFailure(offset: pos, reason: .unexpected, inObject: inObject))
    }

    /// Why a value's structure is invalid, and where (a plain value, like `StringFailure`): the
    /// failures of `skipValue`, worded as the record loops word them.
    enum ValueFailure: Equatable {
        case string(StringFailure)
        case key(KeyFailure)
        case separator(SeparatorFailure)
        /// The byte at `offset` cannot start a value.
        case notAValue(offset: Int)
        /// The container opening at `offset` would be nested deeper than `RecordMasker.maxJSONDepth`.
        case tooDeep(offset: Int)
        /// The record ends (at `offset`) right after a container's opening bracket.
        case endInside(offset: Int, isObject: Bool)

        func syntaxError(in bytes: Span<UInt8>) -> JSONSyntaxError {
            switch self {
            case .string(let failure): failure.syntaxError
            case .key(let failure): failure.syntaxError(in: bytes)
            case .separator(let failure): failure.syntaxError(in: bytes)
            case .notAValue(let offset):
                JSONSyntaxError(offset: offset, message: describeUnexpected(bytes, at: offset, expecting: "a value"))
            case .tooDeep(let offset):
                JSONSyntaxError(offset: offset, message: "nesting deeper than \(RecordMasker.maxJSONDepth) levels")
            case let .endInside(offset, isObject):
                JSONSyntaxError(offset: offset, message: "unexpected end of record inside \(isObject ? "an object" : "an array")")
            }
        }
    }

    /// How `skipValue` ended: the offset after the value, or why it is invalid.
    enum Skip: Equatable {
        case end(Int)
        case failure(ValueFailure)
    }

    /// Validates the value at `start` (a non-whitespace byte) and returns its end, noting nothing
    /// about what is inside: for values no rule can reach, most of most records under field rules.
    /// It checks exactly what the record loops check, in the same order, so a bad value fails
    /// with the same first error at the same offset.
    ///
    /// - Parameter depth: the containers already open around the value (for the nesting limit).
    @inline(__always)
    static func skipValue(_ bytes: Span<UInt8>, at start: Int, depth: Int) -> Skip {
        // Watching no key, the skip never stops early.
        skipValue(bytes, at: start, depth: depth, watching: NoKeyWatch())!
    }

    /// `skipValue`, stopping with nil at the first key that `watch` stops at.
    @inline(__always)
    static func skipValue<Watch: KeyWatch>(_ bytes: Span<UInt8>, at start: Int, depth: Int, watching watch: Watch) -> Skip? {
        let byte = bytes[start]
        if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") { return skipContainer(bytes, at: start, depth: depth, watch: watch) }
        return skipLeaf(bytes, at: start)
    }

    /// `skipValue` for a string, number or literal.
    @inline(__always)
    private static func skipLeaf(_ bytes: Span<UInt8>, at start: Int) -> Skip {
        if bytes[start] == UInt8(ascii: "\"") {
            // Most strings have no escape: their first special byte is the closing quote.
            let close = ByteSearch.firstStringSpecialNear(in: bytes, from: start + 1)
            if close < bytes.count && bytes[close] == UInt8(ascii: "\"") { return .end(close + 1) }
            switch scanString(bytes, at: start) {
            case .error(let failure): return .failure(.string(failure))
            case .string(_, _, let end): return .end(end)
            }
        }
        guard let end = scanScalar(bytes, at: start) else { return .failure(.notAValue(offset: start)) }
        return .end(end)
    }

    /// `skipValue` for an object or array.
    private static func skipContainer<Watch: KeyWatch>(_ bytes: Span<UInt8>, at start: Int, depth: Int, watch: Watch) -> Skip? {
        let count = bytes.count
        var pos = start
        // The containers open inside the value: how many, whether the innermost is an object, and
        // that bit for every level (the limit bounds the levels to 1024 bits).
        var level = 0
        var isObject = false
        var objectLevels = InlineArray<16, UInt64>(repeating: 0)
        // Whether `pos` is at a member's key (read in one place, so that the read is inlined).
        var atKey = false
        while true {
            if atKey {
                atKey = false
                if let plain = readPlainKey(bytes, at: pos) {
                    if watch.stops(at: bytes.extracting(plain.key), escaped: false) { return nil }
                    pos = plain.value
                } else {
                    switch skipKey(bytes, at: &pos, watch: watch) {
                    case .read: break
                    case .watched: return nil
                    case .failed(let failure): return .failure(.key(failure))
                    }
                }
            }
            // One value at `pos`.
            var closeNow = false
            let byte = bytes[pos]
            if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                guard depth + level < RecordMasker.maxJSONDepth else { return .failure(.tooDeep(offset: pos)) }
                isObject = byte == UInt8(ascii: "{")
                let bit: UInt64 = 1 << (level & 63)
                if isObject { objectLevels[level >> 6] |= bit } else { objectLevels[level >> 6] &= ~bit }
                level += 1
                pos = skipWhitespace(bytes, from: pos + 1)
                guard pos < count else { return .failure(.endInside(offset: pos, isObject: isObject)) }
                if bytes[pos] != (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    atKey = isObject
                    continue
                }
                closeNow = true
            } else {
                switch skipLeaf(bytes, at: pos) {
                case .failure(let failure): return .failure(failure)
                case .end(let end): pos = end
                }
            }

            // After a value: close containers and move to the next child.
            while true {
                if closeNow {
                    pos += 1
                    level -= 1
                    if level > 0 { isObject = objectLevels[(level - 1) >> 6] & (1 << ((level - 1) & 63)) != 0 }
                    closeNow = false
                }
                guard level > 0 else { return .end(pos) }
                if isCompactComma(bytes, at: pos) {
                    pos &+= 1
                    atKey = isObject
                    break
                }
                switch separator(bytes, at: &pos, inObject: isObject) {
                case .nextChild:
                    atKey = isObject
                case .close:
                    closeNow = true
                    continue
                case .failure(let failure):
                    return .failure(.separator(failure))
                }
                break
            }
        }
    }

    private enum SkippedKey {
        case read
        /// `watch` stops at the key.
        case watched
        case failed(KeyFailure)
    }

    /// `readKey` for a key only `watch` looks at.
    @inline(__always)
    private static func skipKey<Watch: KeyWatch>(_ bytes: Span<UInt8>, at pos: inout Int, watch: Watch) -> SkippedKey {
        var key = (content: 0..<0, escaped: false)
        if let failure = readKeyQuickly(bytes, at: &pos, key: &key) { return .failed(failure) }
        return watch.stops(at: bytes.extracting(key.content), escaped: key.escaped) ? .watched : .read
    }

    /// Scans the string whose opening quote is at `start`.
    static func scanString(_ bytes: Span<UInt8>, at start: Int) -> StringScan {
        var index = start + 1
        var escaped = false
        while true {
            index = ByteSearch.firstStringSpecial(in: bytes, from: index)
            if let result = special(bytes, start: start, at: &index, escaped: &escaped) { return result }
        }
    }

    /// Scans a string value like `scanString`, profiling its bytes for the detectors on the way
    /// (one pass instead of two). With escapes the profile is of the escaped text: callers that
    /// detect on the decoded value must profile that instead.
    @inline(__always)
    static func scanString(
        _ bytes: Span<UInt8>, at start: Int, table: ByteProfileTable, profile: inout ByteProfile
    ) -> StringScan {
        var index = start + 1
        var escaped = false
        var sums = ProfileSums()
        while true {
            table.accumulate(bytes, from: &index, into: &sums)
            if let result = special(bytes, start: start, at: &index, escaped: &escaped) {
                profile = sums.profile(length: index - start - 1)
                return result
            }
        }
    }

    /// Handles the special byte at `index` (or the end): nil to continue scanning after it.
    @inline(__always)
    private static func special(_ bytes: Span<UInt8>, start: Int, at index: inout Int, escaped: inout Bool) -> StringScan? {
        let count = bytes.count
        guard index < count else { return .error(StringFailure(offset: start, reason: .unterminated)) }
        let byte = bytes[index]
        if byte == UInt8(ascii: "\"") {
            return .string(content: (start + 1)..<index, escaped: escaped, end: index + 1)
        }
        guard byte == UInt8(ascii: "\\") else {
            return .error(StringFailure(offset: index, reason: .controlCharacter(byte)))
        }
        escaped = true
        guard index + 1 < count else { return .error(StringFailure(offset: start, reason: .unterminated)) }
        switch bytes[index + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
             UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            index += 2
        case UInt8(ascii: "u"):
            guard JSONEscaping.hex4(bytes, at: index + 2) != nil else {
                return .error(StringFailure(offset: index, reason: .invalidUnicodeEscape))
            }
            index += 6
        default:
            return .error(StringFailure(offset: index, reason: .invalidEscape(bytes[index + 1])))
        }
        return nil
    }

    /// Scans a number or `true`/`false`/`null` at `start`; returns its end, or nil if invalid.
    static func scanScalar(_ bytes: Span<UInt8>, at start: Int) -> Int? {
        let byte = bytes[start]
        switch byte {
        case UInt8(ascii: "t"): return literal("true", bytes, start)
        case UInt8(ascii: "f"): return literal("false", bytes, start)
        case UInt8(ascii: "n"): return literal("null", bytes, start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number(bytes, start)
        default: return nil
        }
    }

    private static func literal(_ word: StaticString, _ bytes: Span<UInt8>, _ start: Int) -> Int? {
        let length = word.utf8CodeUnitCount
        guard start + length <= bytes.count else { return nil }
        let matches = word.withUTF8Buffer { expected in
            for offset in 0..<length where bytes[start + offset] != expected[offset] { return false }
            return true
        }
        guard matches else { return nil }
        let end = start + length
        // `truex` is not `true` followed by something: the next byte must end the token.
        if end < bytes.count && !isDelimiter(bytes[end]) { return nil }
        return end
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    @inline(__always)
    private static func number(_ bytes: Span<UInt8>, _ start: Int) -> Int? {
        let count = bytes.count
        var index = start
        if bytes[index] == UInt8(ascii: "-") { index &+= 1 }
        guard index < count else { return nil }
        if bytes[index] == UInt8(ascii: "0") {
            index &+= 1
        } else {
            guard isDigit(bytes[index]) else { return nil }
            index = digitsEnd(bytes, from: index &+ 1)
        }
        if index < count && bytes[index] == UInt8(ascii: ".") {
            index &+= 1
            guard index < count && isDigit(bytes[index]) else { return nil }
            index = digitsEnd(bytes, from: index &+ 1)
        }
        if index < count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index &+= 1
            if index < count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index &+= 1 }
            guard index < count && isDigit(bytes[index]) else { return nil }
            index = digitsEnd(bytes, from: index &+ 1)
        }
        if index < count && !isDelimiter(bytes[index]) { return nil }
        return index
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    /// The end of the run of digits from `index`.
    @inline(__always)
    private static func digitsEnd(_ bytes: Span<UInt8>, from index: Int) -> Int {
        var end = index
        while end < bytes.count && isDigit(bytes[end]) { end &+= 1 }
        return end
    }

    @inline(__always)
    private static func isDelimiter(_ byte: UInt8) -> Bool {
        isWhitespace(byte) || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}")
    }

    /// Nil when only whitespace follows a record's root value (which ends at `end`), else the
    /// error at the first other byte.
    @inline(__always)
    static func endOfRecordError(_ bytes: Span<UInt8>, after end: Int) -> JSONSyntaxError? {
        let pos = skipWhitespace(bytes, from: end)
        return pos == bytes.count ? nil : trailingBytesError(bytes, at: pos)
    }

    @inline(never)
    private static func trailingBytesError(_ bytes: Span<UInt8>, at pos: Int) -> JSONSyntaxError {
        JSONSyntaxError(offset: pos, message: describeUnexpected(bytes, at: pos, expecting: "the end of the record"))
    }

    /// "unexpected 'x' (expected ...)" or "unexpected end".
    static func describeUnexpected(_ bytes: Span<UInt8>, at index: Int, expecting: String) -> String {
        guard index < bytes.count else { return "unexpected end of record, expected \(expecting)" }
        return "unexpected \(printableQuoted(bytes[index])), expected \(expecting)"
    }

    static func printable(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : hexByte(byte)
    }

    static func printableQuoted(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? "'\(UnicodeScalar(byte))'" : "byte \(hexByte(byte))"
    }

    static func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "0x\(digits[Int(byte >> 4)])\(digits[Int(byte & 0xF)])"
    }
}

/// What `JSONScanning.skipValue(_:at:depth:watching:)` looks out for among the keys it skips.
protocol KeyWatch {
    /// Whether meeting this key (its raw bytes, and whether they hold escapes) ends the skip.
    func stops(at key: Span<UInt8>, escaped: Bool) -> Bool
}

/// Watches for no key.
struct NoKeyWatch: KeyWatch {
    @inline(__always)
    func stops(at key: Span<UInt8>, escaped: Bool) -> Bool { false }
}
