// Why this file is built this way
//
// One Firehose data-transformation event in, the response out, as the service defines them (see
// ARCHITECTURE.md, "External contracts"). The event is read in one streaming pass that keeps
// each record's id and payload as byte ranges (`FirehoseEvent`), so the base64 payloads are
// decoded straight from the event bytes into one reused buffer, masked by one reused
// `RecordMasker` (no threads per record), and base64-encoded straight into the response buffer.
// A large event is cut into chunks of records that the transformer's threads take one at a time
// (`ChunkClaim`), so a thread slowed by other processes does not hold the event up; each thread
// keeps where its chunks' response records are, and the response is joined in chunk order.
// Per-record problems never fail the batch: they become `ProcessingFailed` records carrying their
// original data. Only an event that is not a Firehose event, or a response over the service's
// 6 MB cap, fails the invocation.
//
// Trailing-newline convention: a record's data is masked as a chunk of records in the configured
// format, and each record's line terminator (`\n`, `\r\n`, or none at the end) is kept exactly
// as it was. So `{"a":1}` comes back without a newline and `{"a":1}\n` with one; a record of
// several lines comes back with the same lines, each masked. A line dropped by a record rule
// leaves with its terminator; a record whose lines are all dropped is `Dropped`.
//
// What must change together: `FirehoseResult` raw values, the response writer below, and the
// contract tests in Tests/PIIMaskCoreTests/FirehoseTransformerTests.swift.

/// The `result` of one transformed record.
public enum FirehoseResult: String, Sendable, CaseIterable {
    case ok = "Ok"
    case dropped = "Dropped"
    case processingFailed = "ProcessingFailed"

    /// The index in `allCases`.
    var position: Int {
        switch self {
        case .ok: 0
        case .dropped: 1
        case .processingFailed: 2
        }
    }
}

/// What the transformation does besides masking.
public struct FirehoseSettings: Sendable {
    /// Records are CloudWatch Logs subscription payloads (gzip JSON): `--cloudwatch-logs`.
    public var cloudWatchLogs = false
    /// `--partition-key NAME=PATH`: dynamic-partitioning keys from the masked record.
    public var partitionKeys: [PartitionKeySpec] = []
    /// The largest response the service accepts (Lambda's synchronous payload limit).
    public var maxResponseBytes = 6_000_000
    /// The largest decompressed CloudWatch Logs payload accepted (a gzip bomb fails its record).
    public var maxDecompressedBytes = 64 << 20
    /// Threads that mask the records of a large event (Lambda gives 2 vCPUs from 1,769 MB).
    public var threads = 1

    public init() {}
}

/// A record that did not come back `Ok` as it was, or fell under the error policy.
public struct FirehoseRecordIssue: Sendable, Equatable {
    /// 0-based position in the event's `records`.
    public var index: Int
    public var recordId: String
    public var result: FirehoseResult
    public var message: String
}

/// The response of one event.
public struct FirehoseOutput: Sendable {
    /// The response JSON: `{"records":[...]}`.
    public var response: [UInt8]
    /// Records per result.
    public var ok = 0
    public var dropped = 0
    public var failed = 0
    public var issues: [FirehoseRecordIssue] = []
}

/// How one record came out (its masked bytes are its worker's `out` buffer).
struct FirehoseRecordOutcome: Sendable {
    var result: FirehoseResult
    var issue: String?
    var keys: [(String, String)]
}

/// Transforms Firehose events. Not thread-safe: one per thread; reuse it across events so its
/// buffers, maskers and threads are reused. With `settings.threads` > 1 a large event's records are
/// split into chunks that that many threads take in turn, and the response is assembled in order.
public final class FirehoseTransformer {
    public let settings: FirehoseSettings
    private let workers: [FirehoseWorker]

    /// Below this much base64 payload an event is masked on the calling thread only.
    static let parallelThreshold = 256 << 10

    /// The base64 payload of one chunk of records, the unit the threads take in turn.
    static let chunkPayload = 64 << 10

    /// The threads of the workers after the first (the calling thread runs the first).
    private let threads: [ParkedThread]

    public init(engine: MaskingEngine, settings: FirehoseSettings) {
        self.settings = settings
        workers = (0..<max(1, settings.threads)).map { _ in FirehoseWorker(engine: engine, settings: settings) }
        threads = workers.dropFirst().map { _ in ParkedThread() }
    }

    deinit {
        for thread in threads { thread.stop() }
    }

    /// Masking counters over every event so far.
    public var stats: MaskStats {
        var total = workers[0].masker.stats
        for worker in workers.dropFirst() { total.merge(worker.masker.stats) }
        return total
    }

    /// Transforms one event.
    ///
    /// - Throws: `FirehoseError.invalidEvent` when the event is not JSON or not a Firehose
    ///   transformation event (no `records` array, a record without `recordId`);
    ///   `FirehoseError.responseTooLarge` when the response would exceed `maxResponseBytes`.
    public func transform(event bytes: [UInt8]) throws(FirehoseError) -> FirehoseOutput {
        let inputs = try FirehoseEvent.records(bytes.span)
        let total = inputs.reduce(0) { $0 + ($1.payload?.count ?? 0) }
        let helpers = total >= Self.parallelThreshold ? threads.count : 0
        let chunks = helpers > 0 ? Self.chunks(of: inputs) : (inputs.isEmpty ? [] : [inputs.indices])
        let claim = ChunkClaim(count: chunks.count)
        // A response is about the event's size: each worker has room for its share twice over
        // (the whole response when it masks alone), so that its buffer does not grow (into fresh
        // pages) when it takes more chunks than it did before.
        let room = helpers == 0 ? bytes.count : 2 * bytes.count / (helpers + 1)
        for number in 0..<helpers {
            let worker = workers[number + 1]
            threads[number].run { worker.run(inputs, chunks: chunks, claim: claim, event: bytes, room: room) }
        }
        workers[0].run(inputs, chunks: chunks, claim: claim, event: bytes, room: room)
        for number in 0..<helpers { threads[number].wait() }

        var output: FirehoseOutput
        if helpers == 0 {
            // One worker wrote every record in order, after the response's opening: its buffer
            // is the response, handed over without a copy.
            output = workers[0].takeFragment()
        } else {
            output = Self.join(workers.prefix(helpers + 1), chunks: chunks.count)
        }
        output.response.append(contentsOf: "]}".utf8)
        guard output.response.count <= settings.maxResponseBytes else {
            throw FirehoseError(.responseTooLarge, "the response would be \(output.response.count) bytes, over the \(settings.maxResponseBytes)-byte limit of a Firehose transformation: lower the delivery stream's buffer size (processor parameter BufferSizeInMBs) so that masked records fit")
        }
        return output
    }

    /// The response (without its closing) from the workers that shared an event: each wrote the
    /// response records of the chunks it took; they are joined in chunk order.
    static func join(_ workers: ArraySlice<FirehoseWorker>, chunks: Int) -> FirehoseOutput {
        var output = FirehoseOutput(response: [])
        var pieces = [(worker: Int, bytes: Range<Int>)](repeating: (0, 0..<0), count: chunks)
        var fragments: [[UInt8]] = []
        for (number, worker) in workers.enumerated() {
            for piece in worker.pieces { pieces[piece.chunk] = (number, piece.bytes) }
            fragments.append(worker.fragment.response)
            output.ok += worker.fragment.ok
            output.dropped += worker.fragment.dropped
            output.failed += worker.fragment.failed
            output.issues += worker.fragment.issues
        }
        output.issues.sort { $0.index < $1.index }
        output.response.reserveCapacity(fragments.reduce(chunks + 16) { $0 + $1.count })
        output.response.append(contentsOf: opening)
        for (chunk, piece) in pieces.enumerated() {
            if chunk > 0 { output.response.append(UInt8(ascii: ",")) }
            output.response.append(contentsOf: fragments[piece.worker][piece.bytes])
        }
        return output
    }

    /// Contiguous ranges of records with about `chunkPayload` bytes of payload each.
    static func chunks(of inputs: [FirehoseRecordInput]) -> [Range<Int>] {
        var chunks: [Range<Int>] = []
        var start = 0, size = 0
        for (index, input) in inputs.enumerated() {
            size += input.payload?.count ?? 0
            if size >= chunkPayload {
                chunks.append(start..<(index + 1))
                start = index + 1
                size = 0
            }
        }
        if start < inputs.count { chunks.append(start..<inputs.count) }
        return chunks
    }

    /// `{"records":[`, the start of every response.
    static let opening = Array(#"{"records":["#.utf8)

    /// `{"recordId":"`, the start of every response record.
    private static let recordIdOpening = Array(#"{"recordId":""#.utf8)

    /// `","result":"R","F":"` for each result R (by `position`) and payload field F (`data`, then
    /// `kafkaRecordValue`): what follows a record id, in one piece.
    private static let resultAndField: [[UInt8]] = FirehoseResult.allCases.flatMap { result in
        [FirehosePayloadField.data, .kafkaRecordValue].map { field in
            Array(#"","result":"\#(result.rawValue)","\#(field.rawValue)":""#.utf8)
        }
    }

    /// Appends one response record: masked data for `Ok`, the original data (as received) for
    /// `ProcessingFailed`, none for `Dropped`.
    static func append(
        _ input: FirehoseRecordInput, _ outcome: FirehoseRecordOutcome, index: Int, event: Span<UInt8>, masked: Span<UInt8>,
        into output: inout FirehoseOutput
    ) {
        let result = outcome.result
        switch result {
        case .ok: output.ok += 1
        case .dropped: output.dropped += 1
        case .processingFailed: output.failed += 1
        }
        if let issue = outcome.issue {
            let recordId = String(decoding: EventJSON.stringBytes(input.idRange, escaped: input.idEscaped, in: event), as: UTF8.self)
            output.issues.append(FirehoseRecordIssue(index: index, recordId: recordId, result: result, message: issue))
        }
        output.response.append(contentsOf: recordIdOpening)
        output.response.append(contentsOf: event.extracting(input.idRange))  // valid JSON string content as received
        output.response.append(contentsOf: resultAndField[result.position * 2 + (input.field == .data ? 0 : 1)])
        if result == .ok {
            Base64.encode(masked, into: &output.response)
        } else if result == .processingFailed, let original = input.payload {
            output.response.append(contentsOf: event.extracting(original))
        }
        output.response.append(UInt8(ascii: "\""))
        if !outcome.keys.isEmpty {
            output.response.append(contentsOf: #","metadata":{"partitionKeys":{"#.utf8)
            for (number, (name, value)) in outcome.keys.enumerated() {
                if number > 0 { output.response.append(UInt8(ascii: ",")) }
                output.response.append(UInt8(ascii: "\""))
                JSONEscaping.escape(Array(name.utf8).span, into: &output.response)
                output.response.append(contentsOf: #"":""#.utf8)
                JSONEscaping.escape(Array(value.utf8).span, into: &output.response)
                output.response.append(UInt8(ascii: "\""))
            }
            output.response.append(contentsOf: "}}".utf8)
        }
        output.response.append(UInt8(ascii: "}"))
    }
}
