/// Builds a `MaskingPlan` from what the user gave: a rules file (piimask's or AWS Glue's
/// `detectionParameters`), `--entities`, `--redact-text`, pattern directories and the hash key.
/// The CLI, `piimask firehose` and `piimask lambda` all go through here.
public struct PlanRequest: Sendable {
    /// A rules file path.
    public var rulesPath: String?
    /// Rules given as text (the Lambda's `PIIMASK_RULES` when it is not a path).
    public var rulesText: String?
    /// `--entities`: names, categories, `all`, or country prefixes, comma-separated.
    public var entities: String?
    /// `--redact-text`: replaces every detected span with this text.
    public var redactText: String?
    public var patternDirectories: [String] = []
    /// `--key-file`.
    public var keyFile: String?
    /// The process environment (for the hash key variable).
    public var environment: [String: String] = [:]

    public init() {}
}

public enum PlanLoader {
    /// Reads and checks everything; any problem is a `ConfigError` naming its place.
    public static func load(_ request: PlanRequest) throws(ConfigError) -> MaskingPlan {
        var library = try PatternLibrary.builtin()
        for directory in request.patternDirectories { try library.addDirectory(directory) }
        var plan = MaskingPlan(entities: library.defaultSelection, library: library)

        var rulesNode: ConfigNode?
        if let path = request.rulesPath {
            rulesNode = try ConfigNode.parse(try TextFile.read(path), file: path)
        } else if let text = request.rulesText {
            rulesNode = try ConfigNode.parse(text, file: "PIIMASK_RULES")
        }
        if let root = rulesNode {
            if RulesFile.isRulesDocument(root) {
                try RulesFile.apply(root, to: &plan)
            } else if GlueDetectionParameters.isGlueDocument(root) {
                try GlueDetectionParameters.apply(root, to: &plan)
            } else {
                throw root.error("not a piimask rules file (it needs 'version: 1') nor an AWS Glue detectionParameters document (entity names mapping to lists of actions)")
            }
        }
        if let entities = request.entities {
            plan.entities = try plan.library.select(entities.split(separator: ",").map(String.init))
        }
        if let text = request.redactText {
            plan.defaultSpanAction = .redact(template: text)
        }
        plan.hashKey = try loadKey(request, variable: plan.hashKeySource)
        if plan.hashKey == nil, plan.allActions.contains(where: { if case .hash = $0 { true } else { false } }) {
            throw plan.missingHashKeyError
        }
        // User patterns compile now, named or not, so a bad one fails at start-up with its file.
        for definition in plan.library.definitions where !definition.origin.hasPrefix("builtin:") {
            _ = try DetectorSet([definition])
        }
        return plan
    }

    /// The hash key: `--key-file` (its bytes, one trailing newline removed) or the environment
    /// variable (its bytes). Never from the command line.
    static func loadKey(_ request: PlanRequest, variable: String) throws(ConfigError) -> [UInt8]? {
        if let path = request.keyFile {
            var bytes = try TextFile.readBytes(path, limit: 1 << 20)
            if bytes.last == 0x0A { bytes.removeLast() }
            if bytes.last == 0x0D { bytes.removeLast() }
            guard !bytes.isEmpty else { throw ConfigError(file: path, message: "the key file is empty") }
            return bytes
        }
        if let value = request.environment[variable] {
            guard !value.isEmpty else { throw ConfigError(file: variable, message: "the hash key variable is set but empty") }
            return Array(value.utf8)
        }
        return nil
    }
}
