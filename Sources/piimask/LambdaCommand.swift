import ArgumentParser
import PIIMaskCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `piimask lambda`: the AWS Lambda custom-runtime loop, as the `bootstrap` of a `provided.al2023`
/// function that is a Firehose data-transformation Lambda.
struct LambdaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lambda",
        abstract: "Run as an AWS Lambda custom runtime (bootstrap) doing the Firehose transformation.",
        discussion: """
            Runs the Lambda Runtime API loop at http://$AWS_LAMBDA_RUNTIME_API/2018-06-01: takes the \
            next invocation, transforms its Firehose event exactly as `piimask firehose` does, and \
            posts the response. An event that is not a Firehose event, or a response over 6,000,000 \
            bytes, is posted as the invocation's error; a bad record is never more than a \
            ProcessingFailed record. A configuration problem is posted to /runtime/init/error and \
            ends the process (exit 2). Warnings go to standard error (CloudWatch Logs).

            Configuration, from the function's environment variables:
              PIIMASK_RULES            rules file path (e.g. /var/task/rules.yaml), or the rules \
            text itself (YAML/JSON, or a Glue detectionParameters JSON) when it names no file
              PIIMASK_ENTITIES         entity types to detect, as --entities (default: the default set)
              PIIMASK_ON_ERROR         mask (default), drop or fail, as --on-error
              PIIMASK_FORMAT           record format: jsonl (default), text, csv or tsv
              PIIMASK_HASH_KEY         the secret key of hash/pseudonym actions (or the variable the \
            rules name)
              PIIMASK_KEY_FILE         read the key from this file instead
              PIIMASK_REDACT_TEXT      replace every detected span with this text
              PIIMASK_PARTITION_KEYS   NAME=PATH[:PART],... as --partition-key
              PIIMASK_CLOUDWATCH_LOGS  1/true to treat records as CloudWatch Logs payloads
              PIIMASK_THREADS          threads masking a large event (default: the vCPUs, 2 from \
            1,769 MB of memory)

            Deploy: zip this binary as `bootstrap` (make dist builds dist/bootstrap.zip) into a \
            provided.al2023 x86_64 function and choose it as the delivery stream's transformation \
            Lambda. See examples/firehose/README.md.
            """)

    @Option(name: .long, help: ArgumentHelp("Stop after this many invocations (for tests and benchmarks).", visibility: .hidden))
    var maxInvocations: Int?

    func run() throws {
        let environment = ProcessEnvironment.current()
        guard let address = environment["AWS_LAMBDA_RUNTIME_API"], !address.isEmpty else {
            throw CommandFailure(status: 2, message: "AWS_LAMBDA_RUNTIME_API is not set: `piimask lambda` runs as the bootstrap of a Lambda custom runtime; to try the transformation locally use `piimask firehose EVENT.json`")
        }
        let runtime: LambdaRuntimeAPI
        do {
            runtime = try LambdaRuntimeAPI(address: address)
        } catch {
            throw CommandFailure(status: 2, message: "AWS_LAMBDA_RUNTIME_API: \(error.description)")
        }

        let configuration: LambdaConfiguration
        let transformer: FirehoseTransformer
        do {
            configuration = try LambdaConfiguration(environment: environment)
            let engine = try MaskingEngine(plan: try PlanLoader.load(configuration.plan), options: configuration.options)
            transformer = FirehoseTransformer(engine: engine, settings: configuration.settings)
        } catch {
            Diagnostics.error(error.description)
            do {
                try runtime.initError(message: error.description, type: "piimask.ConfigError")
            } catch {
                Diagnostics.error("could not report the init error: \(error.description)")
            }
            throw CommandFailure(status: 2, message: "")
        }

        FreedMemory.keep()
        var handled = 0
        while maxInvocations.map({ handled < $0 }) ?? true {
            let invocation: LambdaRuntimeAPI.Invocation
            do {
                invocation = try runtime.next()
            } catch {
                throw CommandFailure(status: 1, message: "Lambda Runtime API: \(error.description)")
            }
            handled += 1
            do {
                let output = try transformer.transform(event: invocation.event)
                FirehoseIO.report(output)
                try runtime.respond(to: invocation.requestID, body: output.response)
            } catch let error as FirehoseError {
                Diagnostics.error("invocation \(invocation.requestID): \(error.message)")
                do {
                    try runtime.invocationError(invocation.requestID, message: error.message, type: error.errorType)
                } catch {
                    throw CommandFailure(status: 1, message: "Lambda Runtime API: \(error)")
                }
            } catch {
                throw CommandFailure(status: 1, message: "Lambda Runtime API: \(error)")
            }
        }
    }
}

/// The function's configuration, from its environment variables.
struct LambdaConfiguration {
    var plan = PlanRequest()
    var options: MaskingOptions
    var settings = FirehoseSettings()

    init(environment: [String: String]) throws(ConfigError) {
        plan.environment = environment
        if let rules = environment["PIIMASK_RULES"], !rules.isEmpty {
            // A path when it names a file; otherwise the rules text itself.
            if access(rules, F_OK) == 0 { plan.rulesPath = rules } else { plan.rulesText = rules }
        }
        plan.entities = environment["PIIMASK_ENTITIES"].flatMap { $0.isEmpty ? nil : $0 }
        plan.keyFile = environment["PIIMASK_KEY_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        plan.redactText = environment["PIIMASK_REDACT_TEXT"]
        var format = RecordFormat.jsonl
        if let text = environment["PIIMASK_FORMAT"], !text.isEmpty {
            guard let chosen = RecordFormat(rawValue: text) else {
                throw ConfigError(file: "PIIMASK_FORMAT", message: "'\(text)' is not a format (jsonl, text, csv or tsv)")
            }
            format = chosen
        }
        options = MaskingOptions(format: format)
        if let text = environment["PIIMASK_ON_ERROR"], !text.isEmpty {
            guard let policy = ErrorPolicy(rawValue: text) else {
                throw ConfigError(file: "PIIMASK_ON_ERROR", message: "'\(text)' is not a policy (mask, drop or fail)")
            }
            options.onError = policy
        }
        if let text = environment["PIIMASK_PARTITION_KEYS"] {
            settings.partitionKeys = try PartitionKeySpec.parseList(text, origin: "PIIMASK_PARTITION_KEYS")
        }
        settings.threads = ProcessEnvironment.processorCount()
        if let text = environment["PIIMASK_THREADS"], !text.isEmpty {
            guard let threads = Int(text), (1...256).contains(threads) else {
                throw ConfigError(file: "PIIMASK_THREADS", message: "'\(text)' is not a thread count (1 to 256)")
            }
            settings.threads = threads
        }
        switch environment["PIIMASK_CLOUDWATCH_LOGS"]?.lowercased() {
        case nil, "", "0", "false", "no", "off": settings.cloudWatchLogs = false
        case "1", "true", "yes", "on": settings.cloudWatchLogs = true
        case let other?:
            throw ConfigError(file: "PIIMASK_CLOUDWATCH_LOGS", message: "'\(other)' is not true or false")
        }
    }
}

/// The Lambda Runtime API (2018-06-01) over `HTTPRuntimeClient`.
struct LambdaRuntimeAPI {
    struct Invocation {
        let requestID: String
        let event: [UInt8]
    }

    private let client: HTTPRuntimeClient
    private static let base = "/2018-06-01/runtime"

    init(address: String) throws(HTTPClientError) {
        client = try HTTPRuntimeClient(address: address)
    }

    /// Waits (without a time limit) for the next invocation.
    func next() throws(HTTPClientError) -> Invocation {
        let response = try client.request(.GET, "\(Self.base)/invocation/next")
        guard response.status == 200 else {
            throw HTTPClientError(description: "GET /runtime/invocation/next answered \(response.status): \(String(decoding: response.body.prefix(500), as: UTF8.self))")
        }
        guard let id = response.headers["Lambda-Runtime-Aws-Request-Id"].first, !id.isEmpty else {
            throw HTTPClientError(description: "GET /runtime/invocation/next answered without a Lambda-Runtime-Aws-Request-Id header")
        }
        return Invocation(requestID: id, event: response.body)
    }

    func respond(to id: String, body: [UInt8]) throws(HTTPClientError) {
        let response = try client.request(.POST, "\(Self.base)/invocation/\(Self.pathSegment(id))/response",
                                          headers: [("Content-Type", "application/json")], body: body)
        if !(200..<300).contains(response.status) {
            Diagnostics.warning("the Runtime API refused the response of \(id) (\(response.status)): \(String(decoding: response.body.prefix(500), as: UTF8.self))")
        }
    }

    func invocationError(_ id: String, message: String, type: String) throws(HTTPClientError) {
        try postError("\(Self.base)/invocation/\(Self.pathSegment(id))/error", message: message, type: type)
    }

    func initError(message: String, type: String) throws(HTTPClientError) {
        try postError("\(Self.base)/init/error", message: message, type: type)
    }

    private func postError(_ path: String, message: String, type: String) throws(HTTPClientError) {
        let body = "{\"errorMessage\":\(JSONText.quote(message)),\"errorType\":\(JSONText.quote(type))}"
        let response = try client.request(.POST, path, headers: [
            ("Content-Type", "application/json"),
            ("Lambda-Runtime-Function-Error-Type", type),
        ], body: Array(body.utf8))
        if !(200..<300).contains(response.status) {
            Diagnostics.warning("the Runtime API refused the error report (\(response.status))")
        }
    }

    /// A request id is a UUID; anything else is percent-encoded to stay one path segment.
    static func pathSegment(_ id: String) -> String {
        var result = ""
        for byte in id.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
                result.unicodeScalars.append(UnicodeScalar(byte))
            default:
                let digits = Array("0123456789ABCDEF")
                result += "%\(digits[Int(byte >> 4)])\(digits[Int(byte & 0xF)])"
            }
        }
        return result
    }
}
