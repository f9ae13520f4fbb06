/// Reads an action and its options from a rules-file mapping (`action: partial`, `keep_right: 4`, ...).
enum ActionSpec {
    /// The option keys any action may carry, beside `action` itself.
    static let optionKeys = ["text", "keep_left", "keep_right", "mask_char", "only", "length", "prefix", "date", "bucket"]

    /// Which options each action accepts.
    static let allowedOptions: [String: [String]] = [
        "redact": ["text"],
        "partial": ["keep_left", "keep_right", "mask_char", "only"],
        "hash": ["length", "prefix"],
        "sha256": ["length", "prefix"],
        "pseudonym": [],
        "generalize": ["date", "bucket"],
        "null": [],
        "drop": [],
        "keep": [],
    ]

    /// Parses the action named at `keys["action"]` with its options from the same mapping.
    ///
    /// - Parameter defaultRedaction: the template of `redact` without `text`.
    static func parse(_ keys: [String: ConfigNode], at node: ConfigNode, defaultRedaction: String) throws(ConfigError) -> MaskAction {
        guard let actionNode = keys["action"] else { throw node.error("missing 'action'") }
        if actionNode.isNull {
            throw actionNode.error("write the null action in quotes: action: \"null\" (unquoted null is YAML's empty value)")
        }
        let name = try actionNode.string()
        guard let allowed = allowedOptions[name] else {
            let hint = ConfigNode.closest(to: name, in: Array(allowedOptions.keys)).map { " (did you mean '\($0)'?)" } ?? ""
            throw actionNode.error("unknown action '\(name)'\(hint); actions: \(allowedOptions.keys.sorted().joined(separator: ", "))")
        }
        for key in optionKeys where keys[key] != nil && !allowed.contains(key) {
            throw keys[key]!.error("'\(key)' is not an option of the \(name) action\(allowed.isEmpty ? "" : " (options: \(allowed.joined(separator: ", ")))")")
        }
        switch name {
        case "redact":
            return .redact(template: try keys["text"]?.string() ?? defaultRedaction)
        case "partial":
            let maskChar = try keys["mask_char"]?.string() ?? "*"
            guard maskChar.count == 1 else { throw keys["mask_char"]!.error("mask_char is one character") }
            let options = PartialMask(
                keepLeft: try keys["keep_left"]?.int(in: 0...1_000_000) ?? 0,
                keepRight: try keys["keep_right"]?.int(in: 0...1_000_000) ?? 0,
                maskChar: maskChar,
                only: try keys["only"]?.string())
            if let only = options.only {
                do { _ = try ByteClass(only) } catch {
                    throw keys["only"]!.error("'only' must be a PCRE2 character class such as [0-9]: \(error.message) at offset \(error.offset)")
                }
            }
            return .partial(options)
        case "hash", "sha256":
            let options = HashOptions(length: try keys["length"]?.int(in: 1...64), prefix: try keys["prefix"]?.string() ?? "")
            return name == "hash" ? .hash(options) : .sha256(options)
        case "pseudonym":
            return .pseudonym
        case "generalize":
            var options = Generalization()
            if let date = keys["date"] {
                let text = try date.string()
                guard let precision = Generalization.DatePrecision(rawValue: text) else {
                    throw date.error("date is month or year")
                }
                options.datePrecision = precision
            }
            options.bucket = try keys["bucket"]?.int(in: 1...Int(Int32.max)) ?? 10
            return .generalize(options)
        case "null": return .null
        case "drop": return .drop
        default: return .keep
        }
    }
}
