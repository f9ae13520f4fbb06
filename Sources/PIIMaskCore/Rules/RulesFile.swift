/// Reads piimask's own rules file (YAML or JSON, `version: 1`) into a `MaskingPlan`.
///
/// ```yaml
/// version: 1
/// detect:
///   entities: [EMAIL, PHONE_NUMBER]     # free-text detection in every other string
///   action: redact                      # the default span action (and its options)
///   actions: {EMAIL: {action: hash, length: 16}}
/// fields:
///   - select: user.email
///     action: hash
///   - select: message
///     detect: [EMAIL]
/// records:
///   - select: http.path
///     equals: /healthz
/// patterns:
///   - entity: EMPLOYEE_ID
///     pattern: 'E-[0-9]{6}'
/// hash_key_env: PIIMASK_HASH_KEY
/// ```
enum RulesFile {
    static let topKeys = ["version", "detect", "fields", "records", "patterns", "hash_key_env"]

    /// Whether a parsed document looks like piimask rules (rather than Glue detectionParameters).
    static func isRulesDocument(_ root: ConfigNode) -> Bool {
        guard let entries = try? root.entries() else { return false }
        return entries.contains { topKeys.contains($0.key) }
    }

    /// Applies the rules in `root` to `plan`.
    static func apply(_ root: ConfigNode, to plan: inout MaskingPlan) throws(ConfigError) {
        let keys = try root.mapping(allowed: topKeys)
        guard let version = keys["version"] else { throw root.error("missing 'version: 1'") }
        guard try version.int() == 1 else { throw version.error("this piimask reads rules version 1") }

        if let patterns = keys["patterns"] {
            var definitions: [EntityDefinition] = []
            for item in try patterns.sequence() { definitions.append(try EntityDefinition.parse(item)) }
            plan.library.add(definitions)
        }
        if let env = keys["hash_key_env"] { plan.hashKeySource = try env.string() }

        if let detect = keys["detect"] {
            let options = try detect.mapping(allowed: ["entities", "actions"] + ["action"] + ActionSpec.optionKeys)
            if let entities = options["entities"] {
                plan.entities = try select(entities, in: plan.library)
            }
            if options["action"] != nil {
                plan.defaultSpanAction = try ActionSpec.parse(options, at: detect, defaultRedaction: "[{entity}]")
                noteHash(plan.defaultSpanAction, at: detect, in: &plan)
            }
            if let actions = options["actions"] {
                for (entity, spec) in try actions.entries() {
                    guard plan.library.definition(named: entity) != nil else {
                        throw spec.error("unknown entity type '\(entity)'")
                    }
                    let specKeys = try spec.mapping(allowed: ["action"] + ActionSpec.optionKeys)
                    plan.spanActions[entity] = try ActionSpec.parse(specKeys, at: spec, defaultRedaction: "[{entity}]")
                    noteHash(plan.spanActions[entity]!, at: spec, in: &plan)
                }
            }
        }

        if let fields = keys["fields"] {
            for item in try fields.sequence() {
                let ruleKeys = try item.mapping(allowed: ["select", "action", "detect"] + ActionSpec.optionKeys)
                let selector = try parseSelector(ruleKeys["select"], in: item)
                let origin = "\(item.file):\(item.line ?? 0)"
                if let detect = ruleKeys["detect"] {
                    guard ruleKeys["action"] == nil else { throw item.error("a field rule has either 'action' or 'detect', not both") }
                    let names = try select(detect, in: plan.library).map(\.name)
                    plan.fieldRules.append(FieldRule(selector: selector, effect: .detect(names, actions: [:]), origin: origin))
                } else {
                    let action = try ActionSpec.parse(ruleKeys, at: item, defaultRedaction: "[REDACTED]")
                    noteHash(action, at: ruleKeys["action"] ?? item, in: &plan)
                    plan.fieldRules.append(FieldRule(selector: selector, effect: .action(action), origin: origin))
                }
            }
        }

        if let records = keys["records"] {
            for item in try records.sequence() {
                let ruleKeys = try item.mapping(allowed: ["select", "equals", "matches", "action"])
                let selector = try parseSelector(ruleKeys["select"], in: item)
                if let action = ruleKeys["action"], try action.string() != "drop" {
                    throw action.error("record rules only drop records (action: drop)")
                }
                let condition: RecordRule.Condition
                switch (ruleKeys["equals"], ruleKeys["matches"]) {
                case (let equals?, nil): condition = .equals(try equals.string())
                case (nil, let matches?):
                    let pattern = try matches.string()
                    do { _ = try CompiledRegex(pattern) } catch {
                        throw matches.error("the pattern does not compile: \(error.message) at offset \(error.offset)")
                    }
                    condition = .matches(pattern)
                default: throw item.error("a record rule needs exactly one of 'equals' or 'matches'")
                }
                plan.recordRules.append(RecordRule(selector: selector, condition: condition, origin: "\(item.file):\(item.line ?? 0)"))
            }
        }
    }

    /// Resolves an entity list (names, categories, `all`, country prefixes), located at `node`.
    private static func select(_ node: ConfigNode, in library: PatternLibrary) throws(ConfigError) -> [EntityDefinition] {
        let items = try node.strings()
        do {
            return try library.select(items, origin: node.file)
        } catch {
            throw node.error(error.message)
        }
    }

    /// Remembers where the first `hash` action is written, so a missing key is reported there.
    private static func noteHash(_ action: MaskAction, at node: ConfigNode, in plan: inout MaskingPlan) {
        guard case .hash = action, plan.hashActionSite == nil else { return }
        plan.hashActionSite = node.error("")
    }

    private static func parseSelector(_ node: ConfigNode?, in item: ConfigNode) throws(ConfigError) -> Selector {
        guard let node else { throw item.error("missing 'select'") }
        let text = try node.string()
        do {
            return try Selector(parsing: text)
        } catch {
            throw node.error("bad selector: \(error.description)")
        }
    }
}
