/// Runs a pattern file's own examples: every `mask` text must produce a match of the entity, and
/// every `keep` text none. Used by `piimask patterns test` and by the test suite.
public enum PatternExamples {
    /// One example that did not behave.
    public struct Failure: Sendable, Equatable, CustomStringConvertible {
        public let entity: String
        public let example: String
        /// True for a `mask` example that found nothing; false for a `keep` example that matched.
        public let expectedMatch: Bool
        /// What was found, for `keep` failures.
        public let found: [String]

        public var description: String {
            expectedMatch
                ? "\(entity): mask example not detected: \(example.debugDescription)"
                : "\(entity): keep example detected (\(found.joined(separator: ", "))): \(example.debugDescription)"
        }
    }

    /// Checks every example of `definition`, running it alone.
    ///
    /// - Throws: `ConfigError` when the definition does not compile.
    public static func check(_ definition: EntityDefinition) throws(ConfigError) -> [Failure] {
        let set = try DetectorSet([definition])
        let scratch = RegexScratch()
        var matches: [EntityMatch] = []
        var failures: [Failure] = []
        func found(_ text: String) -> [String] {
            let bytes = Array(text.utf8)
            _ = set.detect(in: bytes.span, fieldName: Span<UInt8>(), scratch: scratch, into: &matches)
            return matches.map { String(decoding: bytes[$0.range], as: UTF8.self) }
        }
        for example in definition.maskExamples where found(example).isEmpty {
            failures.append(Failure(entity: definition.name, example: example, expectedMatch: true, found: []))
        }
        for example in definition.keepExamples {
            let hits = found(example)
            if !hits.isEmpty { failures.append(Failure(entity: definition.name, example: example, expectedMatch: false, found: hits)) }
        }
        return failures
    }

    /// What each of `set`'s entities finds in `text`, as (entity, matched text) pairs.
    public static func findings(in text: [UInt8], set: DetectorSet) -> [(entity: String, text: String)] {
        let scratch = RegexScratch()
        var matches: [EntityMatch] = []
        _ = set.detect(in: text.span, fieldName: Span<UInt8>(), scratch: scratch, into: &matches)
        return matches.map { (set.entityNames[$0.detector], String(decoding: text[$0.range], as: UTF8.self)) }
    }
}
