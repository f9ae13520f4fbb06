/// Options of a run that are not about what to mask: format, error policy, limits.
public struct MaskingOptions: Sendable {
    public var format: RecordFormat
    public var onError: ErrorPolicy = .mask
    /// A record longer than this falls under the error policy (default 64 MiB).
    public var maxRecordBytes: Int = 64 << 20
    public var csv = CSVDialect.comma
    /// When set, JSON records get an audit field of this name (AWS Glue's `DetectedEntities`).
    public var detectedEntitiesField: String?
    /// Text format only: answer each line as a JSON object `{"KEY": "masked line"}` (rsyslog's
    /// mmexternal interface expects `{"msg": ...}` back for every line it sends).
    public var textReplyKey: String?

    public init(format: RecordFormat) {
        self.format = format
        if format == .tsv { csv = .tab }
    }
}

/// A compiled `MaskingPlan`: detectors, actions and rule lookups, immutable and shared by every
/// worker thread. Per-thread state lives in `RecordMasker`.
public final class MaskingEngine: Sendable {
    public let options: MaskingOptions
    /// Every entity type any detector set uses; stats and audits index into this.
    public let entityNames: [String]
    /// Index 0 is the default set; field rules with `detect` add more; `fallbackSet` has every
    /// entity type and masks records that failed to parse.
    let detectorSets: [DetectorSet]
    /// Per set, per detector: the global entity index and the span action.
    let entityIndex: [[Int]]
    let spanActions: [[MaskAction]]
    /// Per set, per detector: the replacement bytes when the span action is a fixed redaction,
    /// rendered once here instead of per match.
    let spanReplacements: [[[UInt8]?]]
    /// Per field rule: what the scanners do with a value it selects.
    let ruleDecisions: [FieldDecision]
    let ruleActions: [MaskAction?]
    /// Per field rule: the replacement bytes of a `redact` action, rendered once.
    let ruleReplacements: [[UInt8]?]
    /// The entity name a field rule's action sees (`{entity}` in a redaction, the pseudonym's kind).
    static let fieldRuleEntity = "REDACTED"
    public let fieldRules: [FieldRule]
    let paths: PathMatcher
    let recordRules: [CompiledRecordRule]
    /// Set when field rules are all a JSON record can meet (no detection, record rules or audit):
    /// which keys a record must hold for any rule to apply (see `RuleKeyFilter`).
    let ruleKeyFilter: RuleKeyFilter?
    let recordRulePaths: PathMatcher
    let applier: ActionApplier
    /// Compiled `only` classes of partial actions, by class text.
    let partialClasses: [String: ByteClass]

    /// The set used for records that failed to parse: every detector the run uses, and the default
    /// set too when the run has field rules or no detectors. When that adds nothing to the default
    /// set's list, it is the default set itself, index 0.
    let fallbackSet: Int

    /// Compiles a plan.
    ///
    /// - Throws: `ConfigError` for a pattern that does not compile, an unknown entity in a rule,
    ///   a bad `only` class, or `hash` without a key.
    public init(plan: MaskingPlan, options: MaskingOptions) throws(ConfigError) {
        self.options = options
        var names: [String] = []
        func globalIndex(_ name: String) -> Int {
            if let index = names.firstIndex(of: name) { return index }
            names.append(name)
            return names.count - 1
        }
        func lookup(_ name: String, origin: String) throws(ConfigError) -> EntityDefinition {
            guard let definition = plan.library.definition(named: name)
                ?? plan.entities.first(where: { $0.name == name })
            else {
                let hint = ConfigNode.closest(to: name, in: plan.library.definitions.map(\.name)).map { " (did you mean \($0)?)" } ?? ""
                throw ConfigError(file: origin, message: "unknown entity type '\(name)'\(hint)")
            }
            return definition
        }

        var sets: [DetectorSet] = []
        var indices: [[Int]] = []
        var actions: [[MaskAction]] = []
        func addSet(_ definitions: [EntityDefinition], overrides: [String: MaskAction]) throws(ConfigError) -> Int {
            sets.append(try DetectorSet(definitions))
            indices.append(definitions.map { globalIndex($0.name) })
            actions.append(definitions.map { overrides[$0.name] ?? plan.spanActions[$0.name] ?? plan.defaultSpanAction })
            return sets.count - 1
        }
        _ = try addSet(plan.entities, overrides: [:])

        var decisions: [FieldDecision] = []
        var ruleActions: [MaskAction?] = []
        var everything = plan.entities
        for (number, rule) in plan.fieldRules.enumerated() {
            switch rule.effect {
            case .action(let action):
                decisions.append(.rule(number))
                ruleActions.append(action)
            case .detect(let entityNames, let overrides):
                var definitions: [EntityDefinition] = []
                for name in entityNames { definitions.append(try lookup(name, origin: rule.origin)) }
                for definition in definitions where !everything.contains(where: { $0.name == definition.name }) {
                    everything.append(definition)
                }
                decisions.append(.detect(try addSet(definitions, overrides: overrides)))
                ruleActions.append(nil)
            }
        }
        // Fail closed: field rules name PII that a record which does not parse cannot be searched
        // for by field, and a run without detectors would pass such a record through unmasked;
        // then the default set stands in as well.
        if everything.isEmpty || !plan.fieldRules.isEmpty {
            for definition in plan.library.defaultSelection where !everything.contains(where: { $0.name == definition.name }) {
                everything.append(definition)
            }
        }
        // The same list again would compile the same patterns a second time (8% of start-up).
        fallbackSet = everything.count == plan.entities.count ? 0 : try addSet(everything, overrides: [:])

        var classes: [String: ByteClass] = [:]
        for action in plan.allActions {
            if case .partial(let partial) = action, let only = partial.only, classes[only] == nil {
                do {
                    classes[only] = try ByteClass(only)
                } catch {
                    throw ConfigError(file: "rules", message: "partial: 'only' class '\(only)' does not compile: \(error.message)")
                }
            }
            if case .hash = action, plan.hashKey == nil {
                throw plan.missingHashKeyError
            }
        }

        var compiledRecordRules: [CompiledRecordRule] = []
        for rule in plan.recordRules { compiledRecordRules.append(try CompiledRecordRule(rule)) }

        entityNames = names
        spanReplacements = zip(indices, actions).map { indexRow, actionRow in
            zip(indexRow, actionRow).map { entity, action -> [UInt8]? in
                guard case .redact(let template) = action else { return nil }
                var bytes: [UInt8] = []
                Redaction.render(template, entity: names[entity], into: &bytes)
                return bytes
            }
        }
        detectorSets = sets
        entityIndex = indices
        spanActions = actions
        ruleDecisions = decisions
        self.ruleActions = ruleActions
        ruleReplacements = ruleActions.map { action in
            guard case .redact(let template)? = action else { return nil }
            var bytes: [UInt8] = []
            Redaction.render(template, entity: MaskingEngine.fieldRuleEntity, into: &bytes)
            return bytes
        }
        fieldRules = plan.fieldRules
        paths = PathMatcher(plan.fieldRules.map(\.selector))
        recordRules = compiledRecordRules
        recordRulePaths = PathMatcher(plan.recordRules.map(\.selector))
        let rulesOnly = sets[0].count == 0 && plan.recordRules.isEmpty && options.detectedEntitiesField == nil
        ruleKeyFilter = rulesOnly ? RuleKeyFilter(plan.fieldRules.map(\.selector)) : nil
        applier = ActionApplier(hashKey: plan.hashKey)
        partialClasses = classes
    }

    /// The decision for a value no rule selects.
    static let defaultDecision = FieldDecision.detect(0)
}

/// A record rule with its pattern compiled.
struct CompiledRecordRule: Sendable {
    let rule: RecordRule
    let equals: [UInt8]?
    let regex: CompiledRegex?

    init(_ rule: RecordRule) throws(ConfigError) {
        self.rule = rule
        switch rule.condition {
        case .equals(let text):
            equals = Array(text.utf8)
            regex = nil
        case .matches(let pattern):
            equals = nil
            do {
                regex = try CompiledRegex(pattern)
            } catch {
                throw ConfigError(file: rule.origin, message: "record rule pattern does not compile: \(error.message) at offset \(error.offset)")
            }
        }
    }

    /// Whether a (unescaped) field value meets the condition.
    func holds(for value: Span<UInt8>, scratch: RegexScratch) -> Bool {
        if let equals { return KeyHash.equal(equals, value) }
        if let regex, case .found = regex.firstMatch(in: value, from: 0, scratch: scratch) { return true }
        return false
    }
}
