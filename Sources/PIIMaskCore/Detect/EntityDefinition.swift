/// One entity type as a pattern file describes it: what to look for, how to check it, and the
/// examples that prove it. See Patterns/README.md for the file schema.
public struct EntityDefinition: Sendable, Equatable {
    /// The entity name, as AWS Glue spells it where Glue has the type (`EMAIL`, `USA_SSN`).
    public var name: String
    public var category: EntityCategory
    public var description: String
    /// Where the format and checksum are specified.
    public var source: String
    /// PCRE2 source, matched on bytes.
    public var pattern: String
    public var caseless: Bool
    /// The validator's name (see `Validator.registry`).
    public var validator: String?
    /// Wins ties between overlapping matches of equal length.
    public var priority: Int
    public var prefilter: PrefilterSpec
    public var context: ContextSpec?
    /// Texts in which this entity must find a match.
    public var maskExamples: [String]
    /// Texts in which it must find nothing.
    public var keepExamples: [String]
    /// The file it came from (`Patterns/EMAIL.yaml`, `builtin:EMAIL.yaml`).
    public var origin: String

    public init(
        name: String, category: EntityCategory, description: String = "", source: String = "",
        pattern: String, caseless: Bool = false, validator: String? = nil, priority: Int = 50,
        prefilter: PrefilterSpec = PrefilterSpec(), context: ContextSpec? = nil,
        maskExamples: [String] = [], keepExamples: [String] = [], origin: String = "inline"
    ) {
        self.name = name
        self.category = category
        self.description = description
        self.source = source
        self.pattern = pattern
        self.caseless = caseless
        self.validator = validator
        self.priority = priority
        self.prefilter = prefilter
        self.context = context
        self.maskExamples = maskExamples
        self.keepExamples = keepExamples
        self.origin = origin
    }
}

/// Which set an entity type belongs to: the universal types run by default.
public enum EntityCategory: String, Sendable, CaseIterable {
    case universal
    case country
    case secret
}

/// Cheap checks on a whole value that must all pass before the pattern runs on it.
public struct PrefilterSpec: Sendable, Equatable {
    /// The value must contain at least one of these bytes (empty: no requirement).
    public var anyBytes: [UInt8]
    /// The value must contain at least this many ASCII digits.
    public var minDigits: Int
    /// The value must contain a run of at least this many digits, separated by at most three of
    /// ` -.()+` at a time (see `ByteProfileTable.digitRuns`).
    public var minDigitRun: Int
    /// The value must contain at least this many ASCII digits in a row, with nothing between
    /// (`2024-06-01` has a digit run of 8 but a plain digit run of 4).
    public var minPlainDigitRun: Int
    /// Whether `minDigitRun` and `minPlainDigitRun` count only runs that start at a word start
    /// (see `DigitRuns.wordBridged`): for patterns whose digits begin a word or follow one or two
    /// letters that do.
    public var digitRunAtWordStart: Bool
    /// The value must contain at least this many ASCII capital letters.
    public var minUppercase: Int
    /// The value must be at least this many bytes long.
    public var minLength: Int
    /// The value must contain at least one of these byte strings (empty: no requirement);
    /// compared ASCII-case-insensitively when the pattern is caseless.
    public var anyLiterals: [[UInt8]]
    /// A named `Gate` the value must pass before the regex runs.
    public var gate: String?

    public init(
        anyBytes: [UInt8] = [], minDigits: Int = 0, minDigitRun: Int = 0, minPlainDigitRun: Int = 0,
        digitRunAtWordStart: Bool = false, minUppercase: Int = 0, minLength: Int = 0, anyLiterals: [[UInt8]] = [],
        gate: String? = nil
    ) {
        self.digitRunAtWordStart = digitRunAtWordStart
        self.gate = gate
        self.anyBytes = anyBytes
        self.anyLiterals = anyLiterals
        // A plain run is a run, and a run is that many digits: the weaker bounds follow.
        self.minDigitRun = max(minDigitRun, minPlainDigitRun)
        self.minPlainDigitRun = minPlainDigitRun
        self.minDigits = max(minDigits, self.minDigitRun)
        self.minUppercase = minUppercase
        self.minLength = minLength
    }
}

/// Keywords that must appear near a match (or in the field's name) for it to count.
public struct ContextSpec: Sendable, Equatable {
    /// Lowercase ASCII keywords.
    public var words: [String]
    /// How many bytes before the match are searched.
    public var window: Int

    public init(words: [String], window: Int = 40) {
        self.words = words
        self.window = window
    }
}

extension EntityDefinition {
    /// Reads a pattern file's document.
    ///
    /// - Throws: `ConfigError` naming the file, line and column of the problem.
    public static func parse(_ node: ConfigNode) throws(ConfigError) -> EntityDefinition {
        let keys = try node.mapping(allowed: [
            "entity", "category", "description", "source", "pattern", "caseless", "validator",
            "priority", "prefilter", "context", "examples",
        ])
        guard let nameNode = keys["entity"] else { throw node.error("missing key 'entity'") }
        let name = try nameNode.string()
        guard !name.isEmpty, name.utf8.allSatisfy({ isEntityNameByte($0) }) else {
            throw nameNode.error("entity names use only A-Z, 0-9 and _ (got '\(name)')")
        }
        guard let patternNode = keys["pattern"] else { throw node.error("missing key 'pattern'") }
        var definition = EntityDefinition(
            name: name, category: .country, pattern: try patternNode.string(), origin: node.file)
        if let category = keys["category"] {
            let text = try category.string()
            guard let value = EntityCategory(rawValue: text) else {
                throw category.error("unknown category '\(text)'; use universal, country or secret")
            }
            definition.category = value
        }
        definition.description = try keys["description"]?.string() ?? ""
        definition.source = try keys["source"]?.string() ?? ""
        definition.caseless = try keys["caseless"]?.bool() ?? false
        definition.priority = try keys["priority"]?.int(in: 0...1000) ?? 50
        if let validatorNode = keys["validator"] {
            let validator = try validatorNode.string()
            guard Validator.named(validator) != nil else {
                let known = Validator.registry.keys.sorted().joined(separator: ", ")
                throw validatorNode.error("unknown validator '\(validator)'; known: \(known)")
            }
            definition.validator = validator
        }
        if let prefilterNode = keys["prefilter"] {
            let prefilter = try prefilterNode.mapping(
                allowed: [
                    "any_bytes", "min_digits", "min_digit_run", "min_plain_digit_run", "digit_run_at_word_start",
                    "min_uppercase", "min_length", "any_literals", "gate",
                ])
            var gate: String?
            if let gateNode = prefilter["gate"] {
                let name = try gateNode.string()
                guard Gate.registry[name] != nil else {
                    throw gateNode.error("unknown gate '\(name)'; known: \(Gate.registry.keys.sorted().joined(separator: ", "))")
                }
                gate = name
            }
            definition.prefilter = PrefilterSpec(
                anyBytes: Array(try prefilter["any_bytes"]?.string().utf8 ?? "".utf8),
                minDigits: try prefilter["min_digits"]?.int(in: 0...64) ?? 0,
                minDigitRun: try prefilter["min_digit_run"]?.int(in: 0...64) ?? 0,
                minPlainDigitRun: try prefilter["min_plain_digit_run"]?.int(in: 0...64) ?? 0,
                digitRunAtWordStart: try prefilter["digit_run_at_word_start"]?.bool() ?? false,
                minUppercase: try prefilter["min_uppercase"]?.int(in: 0...64) ?? 0,
                minLength: try prefilter["min_length"]?.int(in: 0...65536) ?? 0,
                anyLiterals: try anyLiterals(prefilter["any_literals"]),
                gate: gate)
        }
        if let contextNode = keys["context"] {
            let context = try contextNode.mapping(allowed: ["words", "window"])
            guard let words = try context["words"]?.strings(), !words.isEmpty else {
                throw contextNode.error("context needs a non-empty 'words' list")
            }
            definition.context = ContextSpec(
                words: words.map { $0.lowercased() }, window: try context["window"]?.int(in: 1...4096) ?? 40)
        }
        if let examplesNode = keys["examples"] {
            let examples = try examplesNode.mapping(allowed: ["mask", "keep"])
            definition.maskExamples = try examples["mask"]?.strings() ?? []
            definition.keepExamples = try examples["keep"]?.strings() ?? []
        }
        return definition
    }

    /// `any_literals`: a list of non-empty strings.
    private static func anyLiterals(_ node: ConfigNode?) throws(ConfigError) -> [[UInt8]] {
        guard let node else { return [] }
        let literals = try node.strings()
        guard !literals.isEmpty, !literals.contains(where: \.isEmpty) else {
            throw node.error("any_literals needs a list of non-empty strings")
        }
        return literals.map { Array($0.utf8) }
    }

    private static func isEntityNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
    }
}
