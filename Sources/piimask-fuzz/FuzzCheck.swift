import PIIMaskCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One fuzz target: how an input is masked, and the runs whose outputs must agree.
struct FuzzCheck {
    enum Target: String, CaseIterable {
        case jsonl, jsonlRules = "jsonl-rules", csv, text, firehose
    }

    let target: Target
    let engine: MaskingEngine
    /// For `jsonl`: the same detection through the rules loop (`referenceRules`), which profiles
    /// values byte by byte where the default loop reads them from a byte class map.
    let reference: MaskingEngine?

    /// The target that `PIIMASK_FUZZ_TARGET` names (default jsonl), with its engine built once.
    static let current: FuzzCheck = {
        let name = getenv("PIIMASK_FUZZ_TARGET").map { String(cString: $0) } ?? "jsonl"
        guard let target = Target(rawValue: name) else {
            fail("PIIMASK_FUZZ_TARGET=\(name): expected one of \(Target.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        do {
            let reference = target == .jsonl ? try engine(for: target, rulesText: referenceRules) : nil
            return FuzzCheck(target: target, engine: try engine(for: target), reference: reference)
        } catch {
            fail("cannot build the engine for \(name): \(error)")
        }
    }()

    /// Rules that reach every action of the rule path on keys and columns the seeds use.
    static let rules = """
        version: 1
        fields:
          - {select: email, action: hash, length: 12}
          - {select: name, action: pseudonym}
          - {select: user.name, action: partial, keep_left: 1}
          - {select: ip, action: generalize}
          - {select: "http.*", action: keep}
          - {select: "tags[*]", action: redact}
          - {select: card, action: drop}
          - {select: ssn, action: "null"}
          - {select: notes, detect: [EMAIL, PHONE_NUMBER]}
        """

    /// A rule that selects nothing: it only moves a run from the default JSON loop to the rules
    /// loop. (Its key is long so that the fuzzer does not happen on it.)
    static let referenceRules = """
        version: 1
        fields:
          - {select: piimask_fuzz_reference_rule_that_selects_no_key_of_a_fuzzed_record_7c1d9e40b2a8, action: redact}
        """

    /// The engine of `target`; `rulesText` is for the targets without rules of their own (the
    /// `jsonl` reference).
    static func engine(for target: Target, rulesText: String? = nil) throws -> MaskingEngine {
        var request = PlanRequest()
        var options: MaskingOptions
        switch target {
        case .jsonl, .firehose:
            options = MaskingOptions(format: .jsonl)
            request.rulesText = rulesText
        case .jsonlRules:
            options = MaskingOptions(format: .jsonl)
            request.rulesText = Self.rules
            request.environment = ["PIIMASK_HASH_KEY": "fuzzing-key-not-a-secret"]
        case .csv:
            options = MaskingOptions(format: .csv)
            request.rulesText = Self.rules
            request.environment = ["PIIMASK_HASH_KEY": "fuzzing-key-not-a-secret"]
        case .text:
            options = MaskingOptions(format: .text)
        }
        // Longer records fall to the error policy within a chunk. (The reader cuts a record into
        // pieces only past 128 KiB, beyond `make fuzz`'s -max_len; unit tests cover that path.)
        options.maxRecordBytes = 4_096
        return try MaskingEngine(plan: try PlanLoader.load(request), options: options)
    }

    /// Runs the input through the target's runs and stops the process if they disagree.
    func check(_ input: [UInt8]) {
        if target == .firehose { return checkFirehose(input) }
        let reading = PiecewiseReading(input)
        let whole = mask(input, threads: 1, chunkSize: 1 << 20, readSize: 1 << 20)
        if let reference {
            let byRules = mask(input, engine: reference, threads: 1, chunkSize: 1 << 20, readSize: 1 << 20)
            agree(whole, byRules, "by the rules loop (a rule that selects nothing)", input)
        }
        let pieces = mask(input, threads: 1, chunkSize: reading.chunkSize, readSize: reading.readSize)
        agree(whole, pieces, "read \(reading.readSize) bytes at a time into \(reading.chunkSize)-byte chunks", input)
        if reading.twoThreads {
            let parallel = mask(input, threads: 2, chunkSize: reading.chunkSize, readSize: reading.readSize)
            agree(whole, parallel, "on two threads, \(reading.chunkSize)-byte chunks", input)
        }
    }

    private func checkFirehose(_ event: [UInt8]) {
        var settings = FirehoseSettings()
        let one = try? FirehoseTransformer(engine: engine, settings: settings).transform(event: event)
        settings.threads = 2
        let two = try? FirehoseTransformer(engine: engine, settings: settings).transform(event: event)
        if one?.response != two?.response || (one == nil) != (two == nil) {
            FuzzCheck.fail("firehose: the response on two threads differs from one thread's", input: event)
        }
    }

    /// What a run wrote and reported.
    struct Outcome: Equatable {
        var output: [UInt8]
        var issues: [String]
        var failed: String?
    }

    private func mask(_ input: [UInt8], engine: MaskingEngine? = nil, threads: Int, chunkSize: Int, readSize: Int) -> Outcome {
        let collector = ByteCollector()
        let observer = IssueLog()
        let pipeline = MaskPipeline(
            engine: engine ?? self.engine, settings: PipelineSettings(threads: threads, chunkSize: chunkSize), observer: observer)
        do {
            let summary = try pipeline.run(
                inputs: [InputSource(name: "input", bytes: input, readSize: readSize)],
                output: OutputSink(collector: collector))
            return Outcome(output: collector.bytes, issues: observer.lines, failed: summary.fatal.map { "\($0.issue)" })
        } catch {
            return Outcome(output: collector.bytes, issues: observer.lines, failed: "\(error)")
        }
    }

    private func agree(_ whole: Outcome, _ other: Outcome, _ how: String, _ input: [UInt8]) {
        guard whole != other else { return }
        var why = "\(target.rawValue): masked \(how), the run differs from the whole input's:"
        if whole.output != other.output {
            let common = zip(whole.output, other.output).prefix { $0 == $1 }.count
            why += " output \(whole.output.count) against \(other.output.count) bytes, first difference at byte \(common);"
        }
        if whole.issues != other.issues { why += " issues \(whole.issues) against \(other.issues);" }
        if whole.failed != other.failed { why += " failure \(whole.failed ?? "none") against \(other.failed ?? "none")" }
        FuzzCheck.fail(why, input: input)
    }

    /// Prints the reason (and a prefix of the input) and aborts, which libFuzzer reports as a
    /// crash and saves the input for.
    static func fail(_ message: String, input: [UInt8]? = nil) -> Never {
        var text = "piimask-fuzz: \(message)\n"
        if let input {
            text += "input (\(input.count) bytes): \(String(decoding: input.prefix(300), as: UTF8.self).debugDescription)\n"
        }
        var utf8 = Array(text.utf8)
        _ = write(2, &utf8, utf8.count)
        abort()
    }
}
