/// Everything that decides what gets masked and how, before compilation: the result of reading a
/// rules file (ours or AWS Glue's) and the command-line options.
public struct MaskingPlan: Sendable {
    /// The entity types that scan free text in values no field rule covers.
    public var entities: [EntityDefinition]
    /// Further definitions that field rules or `DETECT` scoping may name (the whole library).
    public var library: PatternLibrary
    /// The action for a detected span of each entity type; others use `defaultSpanAction`.
    public var spanActions: [String: MaskAction] = [:]
    public var defaultSpanAction: MaskAction = .defaultRedaction
    /// Field rules in file order.
    public var fieldRules: [FieldRule] = []
    /// Record rules: drop whole records.
    public var recordRules: [RecordRule] = []
    /// The secret for `hash` and `pseudonym`, already read from the environment or a key file.
    public var hashKey: [UInt8]?
    /// Where the key was expected (for the error when `hash` has none).
    public var hashKeySource = "PIIMASK_HASH_KEY"
    /// Where the rules first ask for `hash` (file, line, column), for the missing-key error.
    var hashActionSite: ConfigError?

    public init(entities: [EntityDefinition], library: PatternLibrary) {
        self.entities = entities
        self.library = library
    }

    /// The error for a plan whose `hash` action has no key, located at the first `hash` rule.
    var missingHashKeyError: ConfigError {
        var error = hashActionSite ?? ConfigError(file: "rules", message: "")
        error.message = "the hash action needs a secret key: set \(hashKeySource) or pass --key-file FILE (piimask never hashes without a key; use sha256 for an unkeyed hash)"
        return error
    }

    /// Every action the plan can apply.
    var allActions: [MaskAction] {
        var actions = [defaultSpanAction] + Array(spanActions.values)
        for rule in fieldRules {
            switch rule.effect {
            case .action(let action): actions.append(action)
            case .detect(_, let overrides): actions += overrides.values
            }
        }
        return actions
    }
}

/// Drops a whole record when a field equals or matches a value (health checks, test traffic).
public struct RecordRule: Sendable, Equatable {
    public enum Condition: Sendable, Equatable {
        case equals(String)
        case matches(String)
    }

    public var selector: Selector
    public var condition: Condition
    public var origin: String

    public init(selector: Selector, condition: Condition, origin: String = "") {
        self.selector = selector
        self.condition = condition
        self.origin = origin
    }
}
