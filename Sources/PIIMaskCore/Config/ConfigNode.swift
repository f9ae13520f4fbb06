import Yams

/// A YAML (or JSON) node with its location, and typed accessors that fail with a `ConfigError`
/// naming the file, line and column.
///
/// Rules files and pattern files are read through this, never through `Decodable`, so that every
/// error points at the offending spot and unknown keys are reported instead of ignored.
public struct ConfigNode {
    let node: Node
    /// The file the node came from, for messages.
    public let file: String
    /// The key path from the document root, for messages (`fields[2].action`).
    public let path: String

    /// Parses a whole document.
    ///
    /// - Throws: `ConfigError` with the position of a YAML syntax error.
    public static func parse(_ text: String, file: String) throws(ConfigError) -> ConfigNode {
        do {
            // The basic resolver tags every untagged scalar as text: the accessors below read
            // numbers, booleans and null from the text themselves. Yams's default resolver
            // compiles a dozen NSRegularExpressions on first use, a third of start-up.
            guard let node = try Yams.compose(yaml: text, .basic) else {
                throw ConfigError(file: file, line: 1, column: 1, message: "the file is empty")
            }
            return ConfigNode(node: node, file: file, path: "")
        } catch let error as ConfigError {
            throw error
        } catch let error as YamlError {
            throw Self.describe(error, file: file)
        } catch {
            throw ConfigError(file: file, message: "cannot be read as YAML: \(error)")
        }
    }

    private static func describe(_ error: YamlError, file: String) -> ConfigError {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _):
            return ConfigError(file: file, line: mark.line, column: mark.column, message: "YAML syntax: \(problem)")
        default:
            return ConfigError(file: file, message: "YAML: \(error)")
        }
    }

    /// The 1-based line of the node, when known.
    public var line: Int? { node.mark?.line }

    /// An error located at this node.
    public func error(_ message: String) -> ConfigError {
        let where_ = path.isEmpty ? "" : "\(path): "
        return ConfigError(file: file, line: node.mark?.line, column: node.mark?.column, message: where_ + message)
    }

    private func child(_ node: Node, _ component: String) -> ConfigNode {
        ConfigNode(node: node, file: file, path: path.isEmpty ? component : "\(path).\(component)")
    }

    /// The entries of a mapping, in file order; any key not in `allowed` is an error.
    public func mapping(allowed: [String]) throws(ConfigError) -> [String: ConfigNode] {
        guard case let .mapping(mapping) = node else { throw error("expected a mapping (key: value lines)") }
        var result: [String: ConfigNode] = [:]
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.string else { throw child(keyNode, "?").error("keys must be text") }
            guard allowed.contains(key) else {
                let keyError = ConfigNode(node: keyNode, file: file, path: path)
                let hint = Self.closest(to: key, in: allowed).map { " (did you mean '\($0)'?)" } ?? ""
                throw keyError.error("unknown key '\(key)'\(hint); allowed here: \(allowed.joined(separator: ", "))")
            }
            guard result[key] == nil else { throw child(keyNode, key).error("key '\(key)' appears twice") }
            result[key] = child(valueNode, key)
        }
        return result
    }

    /// The entries of a mapping whose keys are free-form (entity names, column names).
    public func entries() throws(ConfigError) -> [(key: String, value: ConfigNode)] {
        guard case let .mapping(mapping) = node else { throw error("expected a mapping (key: value lines)") }
        var result: [(String, ConfigNode)] = []
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.string else { throw child(keyNode, "?").error("keys must be text") }
            result.append((key, child(valueNode, key)))
        }
        return result
    }

    /// The items of a sequence.
    public func sequence() throws(ConfigError) -> [ConfigNode] {
        guard case let .sequence(sequence) = node else { throw error("expected a list") }
        return sequence.enumerated().map { index, item in
            ConfigNode(node: item, file: file, path: "\(path)[\(index)]")
        }
    }

    /// A scalar as text (numbers and booleans are accepted as their spelling).
    public func string() throws(ConfigError) -> String {
        guard case let .scalar(scalar) = node else { throw error("expected a single value") }
        return scalar.string
    }

    /// A whole number, optionally within `range`.
    public func int(in range: ClosedRange<Int> = Int.min...Int.max) throws(ConfigError) -> Int {
        guard case .scalar = node, let value = node.int else { throw error("expected a whole number") }
        guard range.contains(value) else {
            throw error("\(value) is out of range; expected \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// true or false.
    public func bool() throws(ConfigError) -> Bool {
        guard case .scalar = node, let value = node.bool else { throw error("expected true or false") }
        return value
    }

    /// A list of texts; a single text is accepted as a list of one.
    public func strings() throws(ConfigError) -> [String] {
        if case .scalar = node { return [try string()] }
        var result: [String] = []
        for item in try sequence() { result.append(try item.string()) }
        return result
    }

    /// Whether the node is YAML null (`~`, `null`, or nothing), unquoted.
    public var isNull: Bool {
        guard case let .scalar(scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        return node.null != nil
    }

    /// The closest candidate by edit distance, when it is close enough to be a likely typo.
    static func closest(to word: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(Array(word.lowercased()), Array($0.lowercased()))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, word.count / 3) else { return nil }
        return best.0
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1]
            for (j, cb) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
