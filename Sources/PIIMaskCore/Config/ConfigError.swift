/// A problem in a configuration file (rules, patterns) or in command-line settings.
///
/// Carries where it is (file, line, column when known), what is wrong, and how to fix it, so the
/// CLI can print `piimask: error: rules.yaml:12:5: unknown key 'actoin' (did you mean 'action'?)`.
public struct ConfigError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file, or a description of the source such as `--entities`.
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column, when known.
    public var column: Int?
    /// What is wrong, and where it helps, how to fix it.
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var location = file
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        return "\(location): \(message)"
    }
}
