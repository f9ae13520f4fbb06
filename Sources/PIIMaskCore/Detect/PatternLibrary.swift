import SystemPackage

/// The entity types available to a run: the built-in library plus any user pattern files.
public struct PatternLibrary: Sendable {
    /// Every definition, sorted by name; a user file replaces a built-in type of the same name.
    public private(set) var definitions: [EntityDefinition]

    /// The library compiled into the binary (generated from Patterns/ by `make patterns`).
    public static func builtin() throws(ConfigError) -> PatternLibrary {
        PatternLibrary(definitions: EmbeddedPatterns.definitions)
    }

    public init(definitions: [EntityDefinition]) {
        self.definitions = definitions.sorted { $0.name < $1.name }
    }

    /// The definition named `name`.
    public func definition(named name: String) -> EntityDefinition? {
        definitions.first { $0.name == name }
    }

    /// Adds or replaces definitions.
    public mutating func add(_ newDefinitions: [EntityDefinition]) {
        for definition in newDefinitions {
            definitions.removeAll { $0.name == definition.name }
            definitions.append(definition)
        }
        definitions.sort { $0.name < $1.name }
    }

    /// Loads every `*.yaml`, `*.yml` and `*.json` file of a directory.
    public mutating func addDirectory(_ path: String) throws(ConfigError) {
        let names: [String]
        do {
            names = try DirectoryListing.names(in: path)
        } catch {
            throw ConfigError(file: path, message: "cannot read the patterns directory: \(error)")
        }
        var loaded: [EntityDefinition] = []
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") || name.hasSuffix(".json") {
            let file = path.hasSuffix("/") ? path + name : path + "/" + name
            let text = try TextFile.read(file)
            loaded.append(try EntityDefinition.parse(try ConfigNode.parse(text, file: file)))
        }
        add(loaded)
    }

    /// Resolves an `--entities` list: names, categories (`universal`, `country`, `secret`), `all`,
    /// and country prefixes such as `JAPAN` (every type whose name starts with `JAPAN_`).
    ///
    /// - Throws: `ConfigError` naming the unknown item and the closest known name.
    public func select(_ items: [String], origin: String = "--entities") throws(ConfigError) -> [EntityDefinition] {
        var chosen: [String] = []
        func take(_ names: [String]) { for name in names where !chosen.contains(name) { chosen.append(name) } }
        for raw in items {
            let item = raw.trimmingSpaces()
            if item.isEmpty { continue }
            let upper = item.uppercased()
            if upper == "ALL" {
                take(definitions.map(\.name))
            } else if let category = EntityCategory(rawValue: item.lowercased()) {
                take(definitions.filter { $0.category == category }.map(\.name))
            } else if definition(named: upper) != nil {
                take([upper])
            } else {
                let prefixed = definitions.filter { $0.name.hasPrefix(upper + "_") }.map(\.name)
                guard !prefixed.isEmpty else {
                    let hint = ConfigNode.closest(to: upper, in: definitions.map(\.name)).map { " (did you mean \($0)?)" } ?? ""
                    throw ConfigError(file: origin, message: "unknown entity type '\(item)'\(hint); `piimask patterns list` shows them all")
                }
                take(prefixed)
            }
        }
        return chosen.compactMap { definition(named: $0) }
    }

    /// The types that run when nothing is selected: the universal category.
    public var defaultSelection: [EntityDefinition] { definitions.filter { $0.category == .universal } }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
