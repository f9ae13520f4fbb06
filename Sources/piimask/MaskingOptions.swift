import ArgumentParser
import PIIMaskCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

// The option enums spell out what swift-argument-parser would derive for them (the same
// strings, so help and completions are unchanged): its generic defaults instantiate a key path
// for a generic type on every call, and the parser asks several times per run. Start-up of an
// empty run: 27.7 million instructions before, 26.6 million after (callgrind).
extension RecordFormat: ExpressibleByArgument {
    public var defaultValueDescription: String { rawValue }
    public static var allValueStrings: [String] { allCases.map { $0.rawValue } }
    public static var allValueDescriptions: [String: String] { [:] }
}

extension ErrorPolicy: ExpressibleByArgument {
    public var defaultValueDescription: String { rawValue }
    public static var allValueStrings: [String] { allCases.map { $0.rawValue } }
    public static var allValueDescriptions: [String: String] { [:] }
}

/// The options that say what to mask and how: shared by `mask`, `scan`, `firehose` and `lambda`.
struct RuleOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Rules file: piimask rules (YAML/JSON, version: 1) or an AWS Glue detectionParameters JSON.", valueName: "file"))
    var rules: String?

    @Option(name: .long, help: ArgumentHelp("Entity types to detect: names, categories (universal, country, secret), country prefixes (JAPAN) or all; comma-separated.", valueName: "list"))
    var entities: String?

    @Option(name: .long, help: ArgumentHelp("Replace every detected span with this text instead of [ENTITY].", valueName: "text"))
    var redactText: String?

    @Option(name: .long, help: ArgumentHelp("Also load pattern files (*.yaml, *.json) from this directory; repeatable.", valueName: "dir"))
    var patternsDir: [String] = []

    @Option(name: .long, help: ArgumentHelp("Read the hash/pseudonym key from this file (one trailing newline is removed). Default: the PIIMASK_HASH_KEY environment variable.", valueName: "file"))
    var keyFile: String?

    /// The plan these options describe.
    func loadPlan() throws(ConfigError) -> MaskingPlan {
        var request = PlanRequest()
        request.rulesPath = rules
        request.entities = entities
        request.redactText = redactText
        request.patternDirectories = patternsDir
        request.keyFile = keyFile
        request.environment = ProcessEnvironment.current()
        return try PlanLoader.load(request)
    }
}

/// Options about the input records.
struct FormatOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Input format: jsonl, csv, tsv or text. Default: detected from the first bytes.", valueName: "format"))
    var format: RecordFormat?

    @Option(name: .long, help: ArgumentHelp("What to do with a record that does not parse: mask (as plain text, the default), drop, or fail (exit 1).", valueName: "policy"))
    var onError: ErrorPolicy = .mask

    @Option(name: .long, help: ArgumentHelp("Longest record handled whole; longer ones fall under --on-error.", valueName: "bytes"))
    var maxRecordBytes: Int = 64 << 20

    @Flag(inversion: .prefixedNo, help: "CSV/TSV: the first record names the columns.")
    var header = true

    @Option(name: .long, help: ArgumentHelp("CSV field delimiter (one character; \\t for tab).", valueName: "char"))
    var delimiter: String?

    @Option(name: .long, help: ArgumentHelp("CSV quote character.", valueName: "char"))
    var quote: String?

    @Option(name: .customLong("detected-entities"), help: ArgumentHelp("Add AWS Glue's audit field to each JSON record: --detected-entities (named DetectedEntities) or --detected-entities=NAME.", valueName: "name"))
    var detectedEntities: String?

    @Flag(name: .long, help: "Transform hook for rsyslog's mmexternal (interface.input=\"msg\"): read text lines, answer each with {\"msg\": \"masked line\"}.")
    var rsyslog = false

    func validate() throws {
        if rsyslog, let format, format != .text { throw ValidationError("--rsyslog reads text lines; drop --format \(format.rawValue)") }
        guard maxRecordBytes >= 1024 else { throw ValidationError("--max-record-bytes must be at least 1024") }
        for (name, value) in [("--delimiter", delimiter), ("--quote", quote)] {
            if let value, Self.byte(value) == nil { throw ValidationError("\(name) takes one ASCII character") }
        }
    }

    static func byte(_ text: String) -> UInt8? {
        if text == "\\t" || text == "tab" { return 0x09 }
        let bytes = Array(text.utf8)
        return bytes.count == 1 && bytes[0] < 0x80 ? bytes[0] : nil
    }

    /// The masking options for a format (chosen or detected).
    func options(for format: RecordFormat) -> MaskingOptions {
        var options = MaskingOptions(format: format)
        options.onError = onError
        options.maxRecordBytes = maxRecordBytes
        if let delimiter, let byte = Self.byte(delimiter) { options.csv.delimiter = byte }
        if let quote, let byte = Self.byte(quote) { options.csv.quote = byte }
        options.csv.hasHeader = header
        options.detectedEntitiesField = detectedEntities
        if rsyslog { options.textReplyKey = "msg" }
        return options
    }
}

/// The process environment as a dictionary (without Foundation).
enum ProcessEnvironment {
    static func current() -> [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return result
    }

    static func processorCount() -> Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}
