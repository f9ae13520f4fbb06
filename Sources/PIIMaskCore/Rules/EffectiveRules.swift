/// The human-readable summary of a plan that `piimask rules check` prints, and its warnings.
public enum EffectiveRules {
    public static func describe(_ plan: MaskingPlan) -> [String] {
        var lines: [String] = []
        lines.append("free-text detection: \(plan.entities.map(\.name).joined(separator: ", "))")
        lines.append("default span action: \(describe(plan.defaultSpanAction))")
        for (entity, action) in plan.spanActions.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(entity): \(describe(action))")
        }
        if plan.fieldRules.isEmpty { lines.append("field rules: none") } else { lines.append("field rules (most specific selector wins, then the earlier rule):") }
        for (number, rule) in plan.fieldRules.enumerated() {
            switch rule.effect {
            case .action(let action):
                lines.append("  \(number + 1). \(rule.selector) -> \(describe(action))")
            case .detect(let names, let actions):
                let spelled = names.map { name in actions[name].map { "\(name) (\(describe($0)))" } ?? name }
                lines.append("  \(number + 1). \(rule.selector) -> detect \(spelled.joined(separator: ", "))")
            }
        }
        for rule in plan.recordRules {
            switch rule.condition {
            case .equals(let value): lines.append("drop records where \(rule.selector) equals \(value.debugDescription)")
            case .matches(let pattern): lines.append("drop records where \(rule.selector) matches /\(pattern)/")
            }
        }
        lines.append("hash key: \(plan.hashKey == nil ? "not set" : "set (\(plan.hashKey!.count) bytes)") (\(plan.hashKeySource) or --key-file)")
        return lines
    }

    /// Warnings that do not stop a run.
    public static func warnings(_ plan: MaskingPlan) -> [String] {
        var warnings: [String] = []
        for action in plan.allActions {
            if case .sha256 = action {
                warnings.append("sha256 is an unkeyed hash: low-entropy values (SSNs, phone numbers, card numbers) can be recovered by hashing every candidate; prefer hash (HMAC-SHA-256 with a secret key)")
                break
            }
        }
        return warnings
    }

    static func describe(_ action: MaskAction) -> String {
        switch action {
        case .redact(let template): "redact with \(template.debugDescription)"
        case .partial(let options):
            "partial (keep \(options.keepLeft) left, \(options.keepRight) right, mask with \(options.maskChar.debugDescription)\(options.only.map { ", only \($0)" } ?? ""))"
        case .hash(let options): "hash (HMAC-SHA-256\(options.length.map { ", \($0) hex chars" } ?? "")\(options.prefix.isEmpty ? "" : ", prefix \(options.prefix.debugDescription)"))"
        case .sha256: "sha256 (unkeyed)"
        case .pseudonym: "pseudonym"
        case .generalize(let options): "generalize (dates to \(options.datePrecision.rawValue), numbers in buckets of \(options.bucket))"
        case .null: "null"
        case .drop: "drop"
        case .keep: "keep (detect only)"
        }
    }
}
