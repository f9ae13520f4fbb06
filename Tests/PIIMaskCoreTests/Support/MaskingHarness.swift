import Foundation

@testable import PIIMaskCore

/// Runs the whole engine in memory for rules, actions and pattern tests: a plan from rules text
/// (or `--entities`), one engine, one single-threaded pipeline, output collected as text.
enum MaskingHarness {
    /// The default test key (`PIIMASK_HASH_KEY`).
    static let key = "test-key"

    struct Result {
        let output: String
        let summary: RunSummary
        let engine: MaskingEngine

        /// The output's lines (without the trailing empty one).
        var lines: [String] { output.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }

        /// Matches of one entity type in the run.
        func matches(_ entity: String) -> Int {
            engine.entityNames.firstIndex(of: entity).map { summary.stats.matches[$0] } ?? 0
        }
    }

    /// Builds a plan the way the CLI does.
    static func plan(
        rules: String? = nil, entities: String? = nil, key: String? = MaskingHarness.key,
        keyFile: String? = nil, patternDirectories: [String] = []
    ) throws(ConfigError) -> MaskingPlan {
        var request = PlanRequest()
        request.rulesText = rules
        request.entities = entities
        request.keyFile = keyFile
        request.patternDirectories = patternDirectories
        if let key { request.environment = ["PIIMASK_HASH_KEY": key] }
        return try PlanLoader.load(request)
    }

    /// Masks `input` with a plan.
    static func run(
        _ input: String, plan: MaskingPlan, format: RecordFormat = .jsonl, detectedEntities: String? = nil
    ) throws -> Result {
        var options = MaskingOptions(format: format)
        options.detectedEntitiesField = detectedEntities
        let engine = try MaskingEngine(plan: plan, options: options)
        let collector = ByteCollector()
        let summary = try MaskPipeline(engine: engine, settings: PipelineSettings(threads: 1))
            .run(inputs: [InputSource(name: "t", bytes: Array(input.utf8))], output: OutputSink(collector: collector))
        return Result(output: String(decoding: collector.bytes, as: UTF8.self), summary: summary, engine: engine)
    }

    /// Masks `input` with rules text (or `--entities`).
    static func run(
        _ input: String, rules: String? = nil, entities: String? = nil, format: RecordFormat = .jsonl,
        key: String? = MaskingHarness.key, detectedEntities: String? = nil
    ) throws -> Result {
        try run(input, plan: try plan(rules: rules, entities: entities, key: key), format: format, detectedEntities: detectedEntities)
    }

    /// Masks one JSON record and returns its output line.
    static func maskLine(_ line: String, rules: String? = nil, entities: String? = nil, key: String? = MaskingHarness.key) throws -> String {
        let result = try run(line + "\n", rules: rules, entities: entities, key: key)
        return result.lines.first ?? ""
    }

    /// A JSON line parsed with Foundation (fails the caller's expectation when it is not JSON).
    static func parse(_ line: String) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])
    }

    /// Rules with a single field rule on `field`, for action tests.
    static func fieldRule(_ field: String, _ action: String, detect: [String] = ["EMAIL"]) -> String {
        """
        version: 1
        fields:
          - select: '\(field.replacingOccurrences(of: "'", with: "''"))'
        \(action.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        detect:
          entities: [\(detect.joined(separator: ", "))]
        """
    }
}
