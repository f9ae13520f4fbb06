import Foundation
import Testing

@testable import PIIMaskCore

/// The binary's built-in library is generated from Patterns/*.yaml by Patterns/embed.py (PyYAML).
/// These tests hold it to the files: same set of files, and each generated definition equal to
/// what the engine's own YAML reader (Yams) makes of the file.
@Suite struct EmbeddedPatternsTests {
    static let patternsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Patterns")

    static var yamlFiles: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: patternsDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }

    @Test func everyPatternFileIsEmbedded() {
        #expect(!Self.yamlFiles.isEmpty)
        #expect(EmbeddedPatterns.fileNames == Self.yamlFiles, "run `make patterns`")
    }

    @Test(arguments: yamlFiles)
    func generatedDefinitionEqualsTheParsedFile(_ file: String) throws {
        let path = Self.patternsDirectory.appendingPathComponent(file).path
        var parsed = try EntityDefinition.parse(try ConfigNode.parse(try TextFile.read(path), file: path))
        parsed.origin = "builtin:\(file)"
        let embedded = try #require(EmbeddedPatterns.definitions.first { $0.origin == "builtin:\(file)" })
        #expect(embedded == parsed, "run `make patterns`")
    }
}
