// Why this file is built this way
//
// One Firehose data-transformation event in, the response out, as the service defines them (see
// ARCHITECTURE.md, "External contracts"). The event is parsed into a tree that keeps strings as
// byte ranges (`EventJSON`), so the base64 payloads are decoded straight from the event bytes
// into one reused buffer, masked by one reused `RecordMasker` (no threads per record), and
// base64-encoded straight into the response buffer. Per-record problems never fail the batch:
// they become `ProcessingFailed` records carrying their original data. Only an event that is not
// a Firehose event, or a response over the service's 6 MB cap, fails the invocation.
//
// Trailing-newline convention: a record's data is masked as a chunk of records in the configured
// format, and each record's line terminator (`\n`, `\r\n`, or none at the end) is kept exactly
// as it was. So `{"a":1}` comes back without a newline and `{"a":1}\n` with one; a record of
// several lines comes back with the same lines, each masked. A line dropped by a record rule
// leaves with its terminator; a record whose lines are all dropped is `Dropped`.
//
// What must change together: `FirehoseResult` raw values, the response writer below, and the
// contract tests in Tests/PIIMaskCoreTests/FirehoseTransformerTests.swift.

import CompressNIO
import NIOCore

/// The `result` of one transformed record.
public enum FirehoseResult: String, Sendable, CaseIterable {
    case ok = "Ok"
    case dropped = "Dropped"
    case processingFailed = "ProcessingFailed"
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

/// Transforms Firehose events. Not thread-safe: one per thread (it owns a `RecordMasker`); reuse
/// it across events so its buffers are reused.
public final class FirehoseTransformer {
    public let settings: FirehoseSettings
    var masker: RecordMasker
    private var decoded: [UInt8] = []
    private var masked: [UInt8] = []
    private var text: [UInt8] = []

    public init(engine: MaskingEngine, settings: FirehoseSettings) {
        self.settings = settings
        masker = RecordMasker(engine: engine)
    }

    /// Masking counters over every event so far.
    public var stats: MaskStats { masker.stats }

    /// Transforms one event.
    ///
    /// - Throws: `FirehoseError.invalidEvent` when the event is not JSON or not a Firehose
    ///   transformation event (no `records` array, a record without `recordId`);
    ///   `FirehoseError.responseTooLarge` when the response would exceed `maxResponseBytes`.
    public func transform(event bytes: [UInt8]) throws(FirehoseError) -> FirehoseOutput {
        let event = bytes.span
        let root: EventJSON
        do {
            root = try EventJSON.parse(event)
        } catch {
            throw FirehoseError(.invalidEvent, "the event is not valid JSON: \(error.message) at byte \(error.offset + 1)")
        }
        guard case .object = root, case .array(let records)? = root["records"] else {
            throw FirehoseError(.invalidEvent, "not a Firehose transformation event: it needs a \"records\" array")
        }
        var output = FirehoseOutput(response: [])
        output.response.reserveCapacity(bytes.count + bytes.count / 8 + 64)
        output.response.append(contentsOf: #"{"records":["#.utf8)
        for (index, record) in records.enumerated() {
            guard case .object = record, case .string(let idRange, let idEscaped)? = record["recordId"] else {
                throw FirehoseError(.invalidEvent, "record \(index + 1) of the event has no \"recordId\" string")
            }
            if index > 0 { output.response.append(UInt8(ascii: ",")) }
            transformRecord(record, index: index, idRange: idRange, idEscaped: idEscaped, event: event, into: &output)
        }
        output.response.append(contentsOf: "]}".utf8)
        guard output.response.count <= settings.maxResponseBytes else {
            throw FirehoseError(.responseTooLarge, "the response would be \(output.response.count) bytes, over the \(settings.maxResponseBytes)-byte limit of a Firehose transformation: lower the delivery stream's buffer size (processor parameter BufferSizeInMBs) so that masked records fit")
        }
        return output
    }

    private func transformRecord(_ record: EventJSON, index: Int, idRange: Range<Int>, idEscaped: Bool, event: Span<UInt8>, into output: inout FirehoseOutput) {
        // MSK records carry (and expect back) `kafkaRecordValue` instead of `data`.
        let field: String
        let payload: EventJSON?
        if let data = record["data"] {
            field = "data"
            payload = data
        } else {
            field = record["kafkaRecordValue"] != nil ? "kafkaRecordValue" : "data"
            payload = record["kafkaRecordValue"]
        }
        guard case .string(let dataRange, let dataEscaped)? = payload else {
            finish(.processingFailed, original: nil, issue: "the record has no \"data\" (or \"kafkaRecordValue\") string",
                   index: index, idRange: idRange, idEscaped: idEscaped, field: field, event: event, into: &output)
            return
        }
        let decodedOK: Bool
        if dataEscaped {
            // A JSON encoder may write `/` as `\/`; base64 text has no other escapes.
            text.removeAll(keepingCapacity: true)
            JSONEscaping.unescape(event.extracting(dataRange), into: &text)
            decodedOK = Base64.decode(text.span, into: &decoded)
        } else {
            decodedOK = Base64.decode(event.extracting(dataRange), into: &decoded)
        }
        guard decodedOK else {
            finish(.processingFailed, original: dataRange, issue: "\(field) is not valid base64",
                   index: index, idRange: idRange, idEscaped: idEscaped, field: field, event: event, into: &output)
            return
        }
        masked.removeAll(keepingCapacity: true)
        let result: FirehoseResult
        let issue: String?
        if settings.cloudWatchLogs {
            (result, issue) = maskCloudWatchLogs()
        } else {
            (result, issue) = maskRecords()
        }
        guard result == .ok else {
            finish(result, original: result == .processingFailed ? dataRange : nil, issue: issue,
                   index: index, idRange: idRange, idEscaped: idEscaped, field: field, event: event, into: &output)
            return
        }
        finish(.ok, original: nil, issue: issue, keys: partitionKeys(),
               index: index, idRange: idRange, idEscaped: idEscaped, field: field, event: event, into: &output)
    }

    /// Appends one response record: masked data for `Ok`, the original data (as received) for
    /// `ProcessingFailed`, none for `Dropped`.
    private func finish(
        _ result: FirehoseResult, original: Range<Int>?, issue: String?, keys: [(String, String)] = [],
        index: Int, idRange: Range<Int>, idEscaped: Bool, field: String, event: Span<UInt8>, into output: inout FirehoseOutput
    ) {
        switch result {
        case .ok: output.ok += 1
        case .dropped: output.dropped += 1
        case .processingFailed: output.failed += 1
        }
        if let issue {
            let recordId = String(decoding: EventJSON.stringBytes(idRange, escaped: idEscaped, in: event), as: UTF8.self)
            output.issues.append(FirehoseRecordIssue(index: index, recordId: recordId, result: result, message: issue))
        }
        var response = output.response
        output.response = []
        response.append(contentsOf: #"{"recordId":""#.utf8)
        response.append(contentsOf: event.extracting(idRange))  // valid JSON string content as received
        response.append(contentsOf: #"","result":""#.utf8)
        response.append(contentsOf: result.rawValue.utf8)
        response.append(contentsOf: #"",""#.utf8)
        response.append(contentsOf: field.utf8)
        response.append(contentsOf: #"":""#.utf8)
        if result == .ok {
            let data = masked
            Base64.encode(data.span, into: &response)
        } else if let original {
            response.append(contentsOf: event.extracting(original))
        }
        response.append(UInt8(ascii: "\""))
        if !keys.isEmpty {
            response.append(contentsOf: #","metadata":{"partitionKeys":{"#.utf8)
            for (number, (name, value)) in keys.enumerated() {
                if number > 0 { response.append(UInt8(ascii: ",")) }
                response.append(UInt8(ascii: "\""))
                JSONEscaping.escape(Array(name.utf8).span, into: &response)
                response.append(contentsOf: #"":""#.utf8)
                JSONEscaping.escape(Array(value.utf8).span, into: &response)
                response.append(UInt8(ascii: "\""))
            }
            response.append(contentsOf: "}}".utf8)
        }
        response.append(UInt8(ascii: "}"))
        output.response = response
    }

    /// Masks `decoded` as a chunk of records in the engine's format into `masked`.
    private func maskRecords() -> (FirehoseResult, String?) {
        let before = masker.stats
        // Each Firehose record stands alone: no CSV header is carried from record to record.
        let outcome = masker.mask(chunk: decoded.span, startsFile: false, header: nil, into: &masked)
        let issue = outcome.fatal ?? outcome.issues.first
        let message = issue.map { "line \($0.line)\($0.column.map { ", byte \($0)" } ?? ""): \($0.message)" }
        if outcome.fatal != nil { return (.processingFailed, message! + " (--on-error fail)") }
        let after = masker.stats
        let droppedSome = after.droppedByRule > before.droppedByRule || after.malformedDropped > before.malformedDropped
        if masked.isEmpty && !decoded.isEmpty && droppedSome && after.recordsOut == before.recordsOut {
            return (.dropped, message.map { $0 + " (--on-error drop)" })
        }
        return (.ok, message.map { $0 + (after.malformedDropped > before.malformedDropped ? " (--on-error drop)" : " (masked as text)") })
    }

    /// `--cloudwatch-logs`: gunzips `decoded`, and for a `DATA_MESSAGE` masks each log event's
    /// `message` into `masked`, one line each, as the AWS cloudwatch-logs-processor blueprint
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
            let (result, issue) = masker.maskSingleRecord(text.span, into: &masked)
            if let issue, firstIssue == nil { firstIssue = "log event \(number + 1): \(issue.message)" }
            switch result {
            case .emitted:
                masked.append(0x0A)
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

    /// The partition keys found in `masked`: each from the first JSON line that has it.
    private func partitionKeys() -> [(String, String)] {
        guard !settings.partitionKeys.isEmpty else { return [] }
        var found = [String?](repeating: nil, count: settings.partitionKeys.count)
        var remaining = found.count
        let copy = masked
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
