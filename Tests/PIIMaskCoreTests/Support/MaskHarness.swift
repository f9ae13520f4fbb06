import Foundation
import Synchronization

@testable import PIIMaskCore

/// Builds engines and runs the pipeline over bytes in memory, for the stream-level tests.
enum MaskHarness {
    /// An engine over the built-in library's default entities (or `entities`, as `--entities`
    /// takes them), with `configure` adjusting the options.
    static func engine(
        _ format: RecordFormat, onError: ErrorPolicy = .mask, entities: String? = nil, redactText: String? = nil,
        configure: (inout MaskingOptions) -> Void = { _ in }
    ) throws -> MaskingEngine {
        var request = PlanRequest()
        request.entities = entities
        request.redactText = redactText
        let plan = try PlanLoader.load(request)
        var options = MaskingOptions(format: format)
        options.onError = onError
        configure(&options)
        return try MaskingEngine(plan: plan, options: options)
    }

    /// What one pipeline run produced.
    struct Run {
        var output: [UInt8]
        var summary: RunSummary
        var issues: [ReportedIssue]
        var text: String { String(decoding: output, as: UTF8.self) }
    }

    /// Masks `inputs` (each delivered `readSize` bytes per read) through a pipeline.
    static func run(
        _ inputs: [[UInt8]], engine: MaskingEngine, threads: Int = 1, chunkSize: Int = 1 << 20, readSize: Int = 1 << 16
    ) throws -> Run {
        let collector = ByteCollector()
        let observer = IssueCollector()
        let pipeline = MaskPipeline(engine: engine, settings: PipelineSettings(threads: threads, chunkSize: chunkSize), observer: observer)
        let sources = inputs.enumerated().map { InputSource(name: "in\($0.offset)", bytes: $0.element, readSize: readSize) }
        let summary = try pipeline.run(inputs: sources, output: OutputSink(collector: collector))
        return Run(output: collector.bytes, summary: summary, issues: observer.issues)
    }

    static func run(
        _ input: String, engine: MaskingEngine, threads: Int = 1, chunkSize: Int = 1 << 20, readSize: Int = 1 << 16
    ) throws -> Run {
        try run([Array(input.utf8)], engine: engine, threads: threads, chunkSize: chunkSize, readSize: readSize)
    }

    /// Masks `input` with one masker, whole, and returns the output text.
    static func mask(_ input: String, _ engine: MaskingEngine) throws -> String {
        try run(input, engine: engine).text
    }
}

/// A record issue as the pipeline reported it.
struct ReportedIssue: Equatable, Sendable, CustomStringConvertible {
    var source: String
    var issue: RecordIssue
    var description: String { "\(source):\(issue.line):\(issue.column.map(String.init) ?? "-"): record \(issue.record): \(issue.message)" }
}

/// Collects the issues a run reports.
final class IssueCollector: PipelineObserver {
    private let storage = Mutex<[ReportedIssue]>([])

    func recordIssue(_ issue: RecordIssue, source: String) {
        storage.withLock { $0.append(ReportedIssue(source: source, issue: issue)) }
    }

    func progress(bytesRead: Int, totalBytes: Int?) {}

    var issues: [ReportedIssue] { storage.withLock { $0 } }
}

/// Test fixtures, located from this file (they also ship as the target's resources).
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func url(_ relative: String) -> URL { directory.appendingPathComponent(relative) }

    /// The files of a fixture folder, sorted by name.
    static func files(in relative: String, extension ext: String) -> [URL] {
        let folder = url(relative)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix("." + ext) }.sorted().map { folder.appendingPathComponent($0) }
    }

    static func bytes(_ url: URL) throws -> [UInt8] { Array(try Data(contentsOf: url)) }
}

/// A small deterministic generator (SplitMix64), so generated inputs are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
