import ArgumentParser
import PIIMaskCore

/// `piimask patterns`: list, show and test the pattern library.
struct PatternsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "patterns",
        abstract: "List, show and test the entity patterns.",
        subcommands: [List.self, Show.self, Test.self])

    struct LibraryOptions: ParsableArguments {
        @Option(name: .long, help: ArgumentHelp("Also load pattern files from this directory; repeatable.", valueName: "dir"))
        var patternsDir: [String] = []

        func load() throws(ConfigError) -> PatternLibrary {
            var library = try PatternLibrary.builtin()
            for directory in patternsDir { try library.addDirectory(directory) }
            return library
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List every entity type.")
        @OptionGroup var library: LibraryOptions
        @Flag(help: "Print JSON (one array of objects).") var json = false

        func run() throws {
            let definitions = try library.load().definitions
            if json {
                var out = "["
                for (index, definition) in definitions.enumerated() {
                    if index > 0 { out += "," }
                    out += "\n  {\"entity\": \(JSONText.quote(definition.name)), \"category\": \(JSONText.quote(definition.category.rawValue)), "
                    out += "\"validator\": \(definition.validator.map(JSONText.quote) ?? "null"), \"description\": \(JSONText.quote(definition.description))}"
                }
                Swift.print(out + "\n]")
                return
            }
            let width = definitions.map(\.name.count).max() ?? 10
            for definition in definitions {
                let name = definition.name.padding(to: width)
                let category = definition.category.rawValue.padding(to: 9)
                let validator = (definition.validator ?? "-").padding(to: 14)
                Swift.print("\(name)  \(category)  \(validator)  \(definition.description)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one entity type's definition.")
        @OptionGroup var library: LibraryOptions
        @Argument(help: "The entity name, e.g. EMAIL.") var name: String

        func run() throws {
            let loaded = try library.load()
            guard let definition = loaded.definition(named: name.uppercased()) else {
                throw ConfigError(file: "patterns", message: "no entity type '\(name)'; `piimask patterns list` shows them")
            }
            Swift.print("""
                entity:      \(definition.name)
                category:    \(definition.category.rawValue)
                description: \(definition.description)
                source:      \(definition.source)
                pattern:     \(definition.pattern)
                caseless:    \(definition.caseless)
                validator:   \(definition.validator ?? "-")
                priority:    \(definition.priority)
                prefilter:   any_bytes \(String(decoding: definition.prefilter.anyBytes, as: UTF8.self).debugDescription), min_digits \(definition.prefilter.minDigits)
                context:     \(definition.context.map { "\($0.words.joined(separator: ", ")) within \($0.window) bytes" } ?? "-")
                examples:    \(definition.maskExamples.count) to mask, \(definition.keepExamples.count) to keep
                origin:      \(definition.origin)
                """)
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Run every pattern's examples (exit 1 on any failure), or show what each type finds in a file.")
        @OptionGroup var library: LibraryOptions
        @Option(name: .long, help: ArgumentHelp("Show what each entity type finds in this file, line by line.", valueName: "file"))
        var input: String?
        @Argument(help: "Entity types to test (default: all).") var names: [String] = []

        func run() throws {
            let loaded = try library.load()
            let chosen = names.isEmpty ? loaded.definitions : try loaded.select(names, origin: "patterns test")
            if let input {
                try showFindings(in: input, definitions: chosen)
                return
            }
            var failures = 0
            var examples = 0
            for definition in chosen {
                examples += definition.maskExamples.count + definition.keepExamples.count
                for failure in try PatternExamples.check(definition) {
                    failures += 1
                    Swift.print("FAIL \(failure)")
                }
            }
            Swift.print("\(examples - failures) passed, \(failures) failed (\(chosen.count) entity types)")
            if failures > 0 { throw CommandFailure(status: 1, message: "") }
        }

        private func showFindings(in path: String, definitions: [EntityDefinition]) throws {
            let set = try DetectorSet(definitions)
            let bytes = try TextFile.readBytes(path, limit: 256 << 20)
            var counts: [String: Int] = [:]
            for (number, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
                for finding in PatternExamples.findings(in: Array(line), set: set) {
                    counts[finding.entity, default: 0] += 1
                    Swift.print("\(path):\(number + 1): \(finding.entity): \(finding.text)")
                }
            }
            for (entity, count) in counts.sorted(by: { $0.key < $1.key }) { Swift.print("\(entity): \(count)") }
        }
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

/// A JSON string literal, for the CLI's own small JSON outputs (listings, Lambda error bodies).
enum JSONText {
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += "\\u00" + String(scalar.value, radix: 16).leftPadded(to: 2)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
