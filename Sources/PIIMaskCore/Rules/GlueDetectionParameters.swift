// Why this file is built this way
//
// AWS Glue's sensitive-data detection takes a `detectionParameters` JSON: per entity type, a list
// of entries with an action (DETECT, REDACT, PARTIAL_REDACT, SHA256_HASH), its options, and the
// columns it applies to (`sourceColumns`) or skips (`sourceColumnsToExclude`). Glue rewrites the
// detected spans, not whole columns. piimask expresses the same thing with its own parts: the
// entities that apply everywhere form the default detection set, and every column that some entry
// names gets a `detect` field rule with exactly the entities (and per-entity actions) that apply
// to it. So a Glue job's settings run unchanged, on the same engine as piimask's own rules.

/// Reads an AWS Glue `detectionParameters` document into a `MaskingPlan`.
enum GlueDetectionParameters {
    struct Entry {
        let entity: String
        let action: MaskAction
        let include: [String]
        let exclude: [String]
        let node: ConfigNode

        func applies(to column: String) -> Bool {
            (include.isEmpty || include.contains(column)) && !exclude.contains(column)
        }
    }

    /// Whether a parsed document looks like Glue's format: entity names mapping to lists.
    static func isGlueDocument(_ root: ConfigNode) -> Bool {
        guard let entries = try? root.entries(), !entries.isEmpty else { return false }
        return entries.allSatisfy { entry in
            entry.key.uppercased() == entry.key && (try? entry.value.sequence()) != nil
        }
    }

    static func apply(_ root: ConfigNode, to plan: inout MaskingPlan) throws(ConfigError) {
        var entries: [Entry] = []
        for (entity, list) in try root.entries() {
            guard plan.library.definition(named: entity) != nil else {
                let hint = ConfigNode.closest(to: entity, in: plan.library.definitions.map(\.name)).map { " (did you mean \($0)?)" } ?? ""
                throw list.error("unknown entity type '\(entity)'\(hint)")
            }
            for item in try list.sequence() {
                let keys = try item.mapping(allowed: ["action", "actionOptions", "sourceColumns", "sourceColumnsToExclude"])
                guard let actionNode = keys["action"] else { throw item.error("missing 'action'") }
                let options = try keys["actionOptions"]?.mapping(allowed: [
                    "redactText", "numLeftCharsToExclude", "numRightCharsToExclude", "redactChar", "matchPattern",
                ]) ?? [:]
                let action: MaskAction
                switch try actionNode.string() {
                case "DETECT":
                    action = .keep
                case "REDACT":
                    action = .redact(template: try options["redactText"]?.string() ?? "*******")
                case "PARTIAL_REDACT":
                    let redactChar = try options["redactChar"]?.string() ?? "*"
                    guard redactChar.count == 1 else { throw options["redactChar"]!.error("redactChar is one character") }
                    if let pattern = options["matchPattern"] {
                        let text = try pattern.string()
                        do { _ = try ByteClass(text) } catch {
                            throw pattern.error("matchPattern must be a character class such as [0-9]: \(error.message) at offset \(error.offset)")
                        }
                    }
                    action = .partial(PartialMask(
                        keepLeft: try options["numLeftCharsToExclude"]?.int(in: 0...1_000_000) ?? 0,
                        keepRight: try options["numRightCharsToExclude"]?.int(in: 0...1_000_000) ?? 0,
                        maskChar: redactChar,
                        only: try options["matchPattern"]?.string()))
                case "SHA256_HASH":
                    action = .sha256(HashOptions())
                case let other:
                    throw actionNode.error("unknown Glue action '\(other)'; use DETECT, REDACT, PARTIAL_REDACT or SHA256_HASH")
                }
                entries.append(Entry(
                    entity: entity, action: action,
                    include: try keys["sourceColumns"]?.strings() ?? [],
                    exclude: try keys["sourceColumnsToExclude"]?.strings() ?? [],
                    node: item))
            }
        }

        // Everywhere: entries with no column list (a rewriting one wins over DETECT).
        var defaults: [String: MaskAction] = [:]
        for entry in entries where entry.include.isEmpty {
            defaults[entry.entity] = strongest(defaults[entry.entity], entry.action)
        }
        plan.entities = plan.library.definitions.filter { defaults[$0.name] != nil }
        plan.spanActions = defaults

        // Every named column: the entities that apply to it, with their actions.
        var columns: [String] = []
        for entry in entries {
            for column in entry.include + entry.exclude where !columns.contains(column) { columns.append(column) }
        }
        for column in columns {
            var actions: [String: MaskAction] = [:]
            for entry in entries where entry.applies(to: column) {
                actions[entry.entity] = strongest(actions[entry.entity], entry.action)
            }
            let rewriting = Set(actions.values.filter { $0 != .keep }.map(\.auditName))
            if rewriting.count > 1 {
                throw root.error("column '\(column)' has more than one rewriting action (\(rewriting.sorted().joined(separator: ", "))); Glue allows one per column, with DETECT beside it")
            }
            let names = plan.library.definitions.map(\.name).filter { actions[$0] != nil }
            let selector: Selector
            do {
                selector = try Selector(parsing: "'\(column)'")
            } catch {
                throw root.error("column name '\(column)' cannot be used as a selector: \(error.description)")
            }
            plan.fieldRules.append(FieldRule(selector: selector, effect: .detect(names, actions: actions), origin: root.file))
        }
    }

    /// A rewriting action wins over DETECT.
    private static func strongest(_ current: MaskAction?, _ new: MaskAction) -> MaskAction {
        guard let current else { return new }
        return current == .keep ? new : current
    }
}
