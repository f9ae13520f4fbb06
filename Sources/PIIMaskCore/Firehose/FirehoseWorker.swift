import CompressNIO
import NIOCore

/// Masks chunks of an event's records: one masker and its buffers, used by one thread at a time.
final class FirehoseWorker: @unchecked Sendable {
    // SAFETY (@unchecked Sendable): the transformer hands a worker to at most one thread per
    // event and waits for that thread before reading `fragment` and `pieces`.
    let settings: FirehoseSettings
    var masker: RecordMasker
    private var decoded: [UInt8] = []
    private var text: [UInt8] = []
    /// The current record's masked bytes.
    private var out: [UInt8] = []
    /// The response's opening (`{"records":[`), then the response records of the chunks this
    /// worker took (comma-separated within a chunk) in the order it took them; counts and issues.
    private(set) var fragment = FirehoseOutput(response: [])
    /// Where each chunk's response records are in `fragment`.
    private(set) var pieces: [(chunk: Int, bytes: Range<Int>)] = []

    init(engine: MaskingEngine, settings: FirehoseSettings) {
        self.settings = settings
        masker = RecordMasker(engine: engine)
    }

    /// Masks the chunks of `inputs` it can take from `claim`, until none are left, with `room`
    /// bytes reserved for their response records.
    func run(_ inputs: [FirehoseRecordInput], chunks: [Range<Int>], claim: ChunkClaim, event bytes: [UInt8], room: Int) {
        var fragment = self.fragment
        self.fragment = FirehoseOutput(response: [])
        fragment.response.removeAll(keepingCapacity: true)
        fragment.response.reserveCapacity(room)
        fragment.response.append(contentsOf: FirehoseTransformer.opening)
        fragment.issues.removeAll()
        (fragment.ok, fragment.dropped, fragment.failed) = (0, 0, 0)
        pieces.removeAll(keepingCapacity: true)
        let event = bytes.span
        while let chunk = claim.take() {
            let start = fragment.response.count
            for index in chunks[chunk] {
                let input = inputs[index]
                out.removeAll(keepingCapacity: true)
                let outcome = process(input, event: event)
                if index > chunks[chunk].lowerBound { fragment.response.append(UInt8(ascii: ",")) }
                let masked = out
                FirehoseTransformer.append(input, outcome, index: index, event: event, masked: masked.span, into: &fragment)
            }
            pieces.append((chunk, start..<fragment.response.count))
        }
        self.fragment = fragment
    }

    /// The fragment of the last event, which the worker gives up (its next event starts a new one).
    func takeFragment() -> FirehoseOutput {
        defer { fragment = FirehoseOutput(response: []) }
        return fragment
    }

    private func process(_ input: FirehoseRecordInput, event: Span<UInt8>) -> FirehoseRecordOutcome {
        func failed(_ message: String) -> FirehoseRecordOutcome {
            FirehoseRecordOutcome(result: .processingFailed, issue: message, keys: [])
        }
        guard let dataRange = input.payload else {
            return failed("the record has no \"data\" (or \"kafkaRecordValue\") string")
        }
        let decodedOK: Bool
        if input.payloadEscaped {
            // A JSON encoder may write `/` as `\/`; base64 text has no other escapes.
            text.removeAll(keepingCapacity: true)
            JSONEscaping.unescape(event.extracting(dataRange), into: &text)
            decodedOK = Base64.decode(text.span, into: &decoded)
        } else {
            decodedOK = Base64.decode(event.extracting(dataRange), into: &decoded)
        }
        guard decodedOK else { return failed("\(input.field) is not valid base64") }
        let (result, issue) = settings.cloudWatchLogs ? maskCloudWatchLogs() : maskRecords()
        let keys = result == .ok ? partitionKeys() : []
        return FirehoseRecordOutcome(result: result, issue: issue, keys: keys)
    }

    /// Masks `decoded` as a chunk of records in the engine's format onto `out`.
    private func maskRecords() -> (FirehoseResult, String?) {
        // A record no detector can read is not passed on in the clear (see InputEncoding).
        if let encoding = InputEncoding.unreadable(at: decoded.span) { return (.processingFailed, "the record is \(encoding.description)") }
        let before = masker.stats
        // Each Firehose record stands alone: no CSV header is carried from record to record.
        let outcome = masker.mask(chunk: decoded.span, startsFile: false, header: nil, into: &out)
        let issue = outcome.fatal ?? outcome.issues.first
        let message = issue.map { "line \($0.line)\($0.column.map { ", byte \($0)" } ?? ""): \($0.message)" }
        if outcome.fatal != nil { return (.processingFailed, message! + " (--on-error fail)") }
        let after = masker.stats
        let droppedSome = after.droppedByRule > before.droppedByRule || after.malformedDropped > before.malformedDropped
        if out.isEmpty && !decoded.isEmpty && droppedSome && after.recordsOut == before.recordsOut {
            return (.dropped, message.map { $0 + " (--on-error drop)" })
        }
        return (.ok, message.map { $0 + (after.malformedDropped > before.malformedDropped ? " (--on-error drop)" : " (masked as text)") })
    }

    /// `--cloudwatch-logs`: gunzips `decoded`, and for a `DATA_MESSAGE` masks each log event's
    /// `message` onto `out`, one line each, as the AWS cloudwatch-logs-processor blueprint
    /// returns them (`message + "\n"`).
    private func maskCloudWatchLogs() -> (FirehoseResult, String?) {
        var compressed = ByteBuffer(bytes: decoded)
        guard let buffer = try? compressed.decompress(with: .gzip(), maxSize: settings.maxDecompressedBytes) else {
            return (.processingFailed, "not a gzip-compressed CloudWatch Logs payload (or larger than \(settings.maxDecompressedBytes) bytes inflated)")
        }
        return maskLogEvents(Array(buffer.readableBytesView))
    }

    private func maskLogEvents(_ inflated: [UInt8]) -> (FirehoseResult, String?) {
        let bytes = inflated.span
        let root: EventJSON
        do {
            root = try EventJSON.parse(bytes)
        } catch {
            return (.processingFailed, "the CloudWatch Logs payload is not JSON: \(error.message) at byte \(error.offset + 1)")
        }
        switch root["messageType"]?.string(in: bytes) {
        case "CONTROL_MESSAGE":
            return (.dropped, nil)
        case "DATA_MESSAGE":
            break
        case let other:
            return (.processingFailed, "unknown CloudWatch Logs messageType \(other.map { "'\($0)'" } ?? "(none)")")
        }
        guard case .array(let events)? = root["logEvents"] else {
            return (.processingFailed, "the CloudWatch Logs DATA_MESSAGE has no logEvents array")
        }
        var firstIssue: String?
        var emitted = 0
        for (number, event) in events.enumerated() {
            guard case .string(let range, let escaped)? = event["message"] else {
                return (.processingFailed, "log event \(number + 1) has no message string")
            }
            text.removeAll(keepingCapacity: true)
            if escaped {
                JSONEscaping.unescape(bytes.extracting(range), into: &text)
            } else {
                text.append(contentsOf: bytes.extracting(range))
            }
            let (result, issue) = masker.maskSingleRecord(text.span, into: &out)
            if let issue, firstIssue == nil { firstIssue = "log event \(number + 1): \(issue.message)" }
            switch result {
            case .emitted:
                out.append(0x0A)
                emitted += 1
            case .dropped:
                break
            case .failed:
                return (.processingFailed, (firstIssue ?? "log event \(number + 1)") + " (--on-error fail)")
            }
        }
        if emitted == 0 && !events.isEmpty { return (.dropped, firstIssue) }
        return (.ok, firstIssue)
    }

    /// The partition keys found in the record's masked bytes: each from the first JSON line that has it.
    private func partitionKeys() -> [(String, String)] {
        guard !settings.partitionKeys.isEmpty else { return [] }
        var found = [String?](repeating: nil, count: settings.partitionKeys.count)
        var remaining = found.count
        let copy = out
        let bytes = copy.span
        var start = 0
        while start < bytes.count && remaining > 0 {
            let newline = ByteSearch.firstIndex(of: 0x0A, in: bytes, from: start)
            let end = newline ?? bytes.count
            let line = bytes.extracting(start..<end)
            let first = JSONScanning.skipWhitespace(line, from: 0)
            if first < line.count, line[first] == UInt8(ascii: "{"), let document = try? EventJSON.parse(line) {
                for (number, spec) in settings.partitionKeys.enumerated() where found[number] == nil {
                    if let value = spec.value(in: document, bytes: line) {
                        found[number] = value
                        remaining -= 1
                    }
                }
            }
            start = end + 1
        }
        var keys: [(String, String)] = []
        for (number, spec) in settings.partitionKeys.enumerated() {
            if let value = found[number] { keys.append((spec.name, value)) }
        }
        return keys
    }
}
