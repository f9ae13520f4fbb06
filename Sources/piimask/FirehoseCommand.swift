import ArgumentParser
import PIIMaskCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `piimask firehose [FILE]`: one Kinesis Data Firehose transformation event in, the response out.
struct FirehoseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "firehose",
        abstract: "Transform one Amazon Data Firehose event: mask each record, print the response.",
        discussion: """
            Reads a Firehose data-transformation event (JSON: {"records": [{"recordId", "data"}]}) \
            from FILE or standard input and writes the response {"records": [{"recordId", "result", \
            "data"}]} to standard output: one entry per record, same ids, same order. Direct PUT, \
            Kinesis-stream and MSK (kafkaRecordValue) records are accepted.

            Each record's data is masked as --format records (default jsonl); a record holding \
            several lines masks each, and keeps its line terminators as they were (a record without \
            a trailing newline comes back without one). result is Ok, Dropped (a record rule dropped \
            every line, or --on-error drop), or ProcessingFailed (data not base64, or --on-error fail \
            and a line that does not parse) with the record's original data. One bad record never \
            fails the batch.

            --cloudwatch-logs: records are CloudWatch Logs subscription payloads (gzip JSON); \
            CONTROL_MESSAGE records are Dropped, and a DATA_MESSAGE becomes its log events' masked \
            messages, one per line, as the AWS cloudwatch-logs-processor blueprint returns them.

            --partition-key NAME=PATH[:PART] (repeatable) adds metadata.partitionKeys for dynamic \
            partitioning from a field of the masked record: PATH like ts or user.country; PART one \
            of date (YYYY-MM-DD), year, month, day, hour, read from an ISO-8601 string or epoch \
            seconds/milliseconds, in UTC.

            Exit status: 0 the response was written; 1 the event is not a Firehose event, or the \
            response would exceed 6,000,000 bytes (lower the stream's buffer size); 2 usage or \
            configuration error. The same transformation runs in AWS Lambda as `piimask lambda`.
            """)

    @OptionGroup var rules: RuleOptions
    @OptionGroup var input: FormatOptions

    @Flag(name: .long, help: "Records are CloudWatch Logs subscription payloads (gzip-compressed JSON).")
    var cloudwatchLogs = false

    @Option(name: .customLong("partition-key"), help: ArgumentHelp("Dynamic-partitioning key from the masked record: NAME=PATH[:date|year|month|day|hour]; repeatable.", valueName: "name=path"))
    var partitionKeys: [String] = []

    @Option(name: .long, help: ArgumentHelp("Threads masking the records of a large event (default: the number of cores). Output order is always the event's.", valueName: "n"))
    var threads: Int?

    @Flag(name: .long, help: "Print record counts and matches on standard error.")
    var stats = false

    @Argument(help: ArgumentHelp("The event file; none or - means standard input.", valueName: "file"))
    var file: String?

    func validate() throws {
        if let threads, !(1...256).contains(threads) { throw ValidationError("--threads must be between 1 and 256") }
    }

    func run() throws {
        let plan = try rules.loadPlan()
        let engine = try MaskingEngine(plan: plan, options: input.options(for: input.format ?? .jsonl))
        var settings = FirehoseSettings()
        settings.cloudWatchLogs = cloudwatchLogs
        settings.threads = threads ?? ProcessEnvironment.processorCount()
        for key in partitionKeys { settings.partitionKeys.append(try PartitionKeySpec(parsing: key)) }
        let event: [UInt8]
        do {
            event = try FirehoseIO.readEvent(path: file)
        } catch {
            throw CommandFailure(status: 1, message: error.description)
        }
        let transformer = FirehoseTransformer(engine: engine, settings: settings)
        let output: FirehoseOutput
        do {
            output = try transformer.transform(event: event)
        } catch {
            throw CommandFailure(status: 1, message: "\(file ?? "<stdin>"): \(error.message)")
        }
        FirehoseIO.report(output)
        if stats {
            Diagnostics.note("records: \(output.ok) Ok, \(output.dropped) Dropped, \(output.failed) ProcessingFailed")
            let counts = transformer.stats
            let matches = zip(engine.entityNames, counts.matches).filter { $0.1 > 0 }.map { "\($0.0) \($0.1)" }
            Diagnostics.note("matches: \(counts.totalMatches)\(matches.isEmpty ? "" : " (" + matches.joined(separator: ", ") + ")")")
        }
        FirehoseIO.writeStandardOutput(output.response)
        FirehoseIO.writeStandardOutput([0x0A])
    }
}

/// Reading events, writing responses and reporting record issues, for `firehose` and `lambda`.
enum FirehoseIO {
    /// The largest event read: the service caps requests at 6 MB; this leaves room for events
    /// built by hand.
    static let maxEventBytes = 64 << 20

    static func readEvent(path: String?) throws(ConfigError) -> [UInt8] {
        if let path, path != "-" { return try TextFile.readBytes(path, limit: maxEventBytes) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress!, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                if count < 0 { throw ConfigError(file: "<stdin>", message: "cannot read: \(String(cString: strerror(errno)))") }
                return bytes
            }
            bytes.append(contentsOf: chunk[0..<count])
            guard bytes.count <= maxEventBytes else {
                throw ConfigError(file: "<stdin>", message: "the event is larger than \(maxEventBytes) bytes")
            }
        }
    }

    /// Writes all of `bytes` to standard output; a closed pipe ends quietly.
    static func writeStandardOutput(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(1, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }

    /// Prints the records that were not `Ok` as they came, or fell under the error policy.
    static func report(_ output: FirehoseOutput) {
        for issue in output.issues.prefix(RunObserver.issueLimit) {
            Diagnostics.warning("record \(issue.index + 1) (\(issue.recordId)): \(issue.message); \(issue.result.rawValue)")
        }
        if output.issues.count > RunObserver.issueLimit {
            Diagnostics.warning("\(output.issues.count - RunObserver.issueLimit) more records with issues (not shown)")
        }
    }
}
