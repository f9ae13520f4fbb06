/// One field rule: a selector and what happens to the values it selects.
public struct FieldRule: Sendable, Equatable {
    /// What a field rule does.
    public enum Effect: Sendable, Equatable {
        /// Rewrite the whole value with an action (`keep` exempts it from detection).
        case action(MaskAction)
        /// Scan the value for these entity types instead of the default set; `actions` overrides
        /// the plan's span action per entity (AWS Glue scopes actions to columns this way).
        case detect([String], actions: [String: MaskAction])
    }

    public var selector: Selector
    public var effect: Effect
    /// Where the rule was written, for messages (`rules.yaml:12`).
    public var origin: String

    public init(selector: Selector, effect: Effect, origin: String = "") {
        self.selector = selector
        self.effect = effect
        self.origin = origin
    }
}

/// What the record maskers do with one value.
public enum FieldDecision: Equatable, Sendable {
    /// Free-text detection with the detector set at this index (0: the run's default set).
    case detect(Int)
    /// Apply field rule number N's action to the whole value.
    case rule(Int)
}
