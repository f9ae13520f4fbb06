/// One entity type ready to run: its compiled regex, validator, prefilter and context words.
final class Detector: Sendable {
    let definition: EntityDefinition
    let regex: CompiledRegex
    let validator: Validator?
    /// Trigger bits from the set's `ByteProfileTable`; 0 when the spec names no bytes.
    let triggerMask: UInt64
    /// Lowercase context words as bytes.
    let contextWords: [[UInt8]]
    let contextWindow: Int

    /// Compiles a definition.
    ///
    /// - Throws: `ConfigError` naming the pattern's file and entity, with PCRE2's message and offset.
    init(_ definition: EntityDefinition, table: ByteProfileTable) throws(ConfigError) {
        self.definition = definition
        do {
            regex = try CompiledRegex(definition.pattern, caseless: definition.caseless)
        } catch {
            throw ConfigError(
                file: definition.origin,
                message: "pattern of \(definition.name) does not compile: \(error.message) at offset \(error.offset)")
        }
        if let name = definition.validator {
            guard let validator = Validator.named(name) else {
                throw ConfigError(file: definition.origin, message: "\(definition.name): unknown validator '\(name)'")
            }
            self.validator = validator
        } else {
            validator = nil
        }
        triggerMask = table.mask(for: definition.prefilter)
        contextWords = definition.context?.words.map { Array($0.lowercased().utf8) } ?? []
        contextWindow = definition.context?.window ?? 0
    }

    /// A copy for one worker thread, sharing the compiled regex (see `DetectorSet.init(copying:)`).
    init(copying other: Detector) {
        definition = other.definition
        regex = other.regex
        validator = other.validator
        triggerMask = other.triggerMask
        contextWords = other.contextWords
        contextWindow = other.contextWindow
    }

    var name: String { definition.name }
    var priority: Int { definition.priority }

    /// Whether a context word is in the field name or in the window before `start`.
    func hasContext(in value: Span<UInt8>, before start: Int, fieldName: Span<UInt8>) -> Bool {
        if contextWords.isEmpty { return true }
        for word in contextWords {
            if CaseInsensitiveSearch.contains(word, in: fieldName, from: 0, to: fieldName.count) { return true }
            if CaseInsensitiveSearch.contains(word, in: value, from: max(0, start - contextWindow), to: start) {
                return true
            }
        }
        return false
    }
}

/// ASCII case-insensitive substring search on bytes.
enum CaseInsensitiveSearch {
    /// Whether `word` (lowercase) occurs in `text[from..<to]`.
    static func contains(_ word: [UInt8], in text: Span<UInt8>, from: Int, to: Int) -> Bool {
        let length = word.count
        guard length > 0, to - from >= length else { return false }
        var start = from
        while start + length <= to {
            var offset = 0
            while offset < length && lower(text[start + offset]) == word[offset] { offset += 1 }
            if offset == length { return true }
            start += 1
        }
        return false
    }

    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}
