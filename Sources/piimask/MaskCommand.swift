import ArgumentParser
import PIIMaskCore

/// `piimask [mask]`: the filter.
struct MaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mask",
        abstract: "Mask PII in records from files or standard input (the default command).")

    @OptionGroup var rules: RuleOptions
    @OptionGroup var input: FormatOptions

    @Option(name: .long, help: ArgumentHelp("Worker threads (default: the number of cores). Output order is always the input order.", valueName: "n"))
    var threads: Int?

    @Flag(name: .long, help: "Print counts, matches per entity type, errors and throughput on standard error at the end.")
    var stats = false

    @Flag(inversion: .prefixedNo, help: "Show progress on standard error (default: on when standard error is a terminal and the input size is known).")
    var progress: Bool?

    @Argument(help: ArgumentHelp("Input files, read in order; none or - means standard input.", valueName: "file"))
    var files: [String] = []

    func validate() throws {
        if let threads, !(1...256).contains(threads) { throw ValidationError("--threads must be between 1 and 256") }
    }

    func run() throws {
        let started = Diagnostics.now()
        var sources = files.isEmpty ? [InputSource.standardInput] : files.map { InputSource(path: $0) }
        let plan = try rules.loadPlan()
        let format: RecordFormat
        let detected: Bool
        if input.rsyslog {
            format = .text
            detected = false
        } else if let chosen = input.format {
            format = chosen
            detected = false
        } else {
            let prefix = try sources[0].prefetch()
            format = RecordFormat.detect(from: prefix.span)
            detected = true
        }
        let engine = try MaskingEngine(plan: plan, options: input.options(for: format))
        let total = progressTotal(sources)
        let observer = RunObserver(policy: input.onError, progressTotal: total)
        let pipeline = MaskPipeline(
            engine: engine,
            settings: PipelineSettings(threads: threads ?? ProcessEnvironment.processorCount()),
            observer: observer)
        let summary = try pipeline.run(inputs: sources, output: .standardOutput)
        observer.finish()
        if stats {
            StatsReport.print(summary, engine: engine, format: format, detected: detected, elapsed: Diagnostics.now() - started)
        }
        if let fatal = summary.fatal {
            let policy = input.onError == .fail ? ", --on-error fail" : ""
            throw CommandFailure(status: 1, message: "\(fatal.source):\(fatal.issue.line): \(fatal.issue.message) (record \(fatal.issue.record)\(policy))")
        }
    }

    /// The total input size when progress is shown: only on a terminal, only for files of known size.
    private func progressTotal(_ sources: [InputSource]) -> Int? {
        guard Diagnostics.stderrIsTerminal, progress != false else { return nil }
        var total = 0
        for source in sources {
            guard let size = source.sizeIfKnown else { return nil }
            total += size
        }
        return total
    }
}

/// The `--stats` report.
enum StatsReport {
    static func print(_ summary: RunSummary, engine: MaskingEngine, format: RecordFormat, detected: Bool, elapsed: Double) {
        let stats = summary.stats
        var lines: [String] = []
        lines.append("format: \(format.rawValue)\(detected ? " (detected)" : "")")
        lines.append("records: \(stats.recordsIn) in, \(stats.recordsOut) out")
        lines.append("bytes: \(stats.bytesIn) in, \(stats.bytesOut) out")
        let matches = zip(engine.entityNames, stats.matches).filter { $0.1 > 0 }.map { "\($0.0) \($0.1)" }
        lines.append("matches: \(stats.totalMatches)\(matches.isEmpty ? "" : " (" + matches.joined(separator: ", ") + ")")")
        lines.append("field rules applied: \(stats.fieldRuleHits)")
        lines.append("records dropped by rules: \(stats.droppedByRule)")
        lines.append("malformed records: \(stats.malformedMasked) masked as text, \(stats.malformedDropped) dropped")
        lines.append("values masked whole at the regex limit: \(stats.limitHits)")
        let rate = elapsed > 0 ? Double(stats.bytesIn) / elapsed / 1e6 : 0
        lines.append("elapsed: \(Format.fixed(elapsed, 3)) s, \(Format.fixed(rate, 1)) MB/s")
        for line in lines { Diagnostics.note(line) }
    }
}
