/// Masking of one value that is a whole record whatever newlines it holds: a CloudWatch Logs
/// `message` (a multi-line stack trace stays one log event).
extension RecordMasker {
    enum SingleRecordResult: Equatable {
        case emitted
        case dropped
        /// `--on-error fail`: the record could not be processed.
        case failed
    }

    /// Masks `record` as one record, appending the result to `output`.
    ///
    /// Under `jsonl`, a value whose first non-blank byte is `{` or `[` is masked as JSON (and falls
    /// under the error policy when it does not parse); any other value is plain text, masked with
    /// the default detectors like a `--format text` line — log messages are often not JSON.
    ///
    /// - Returns: what happened, and the issue that fell under the error policy, if any.
    mutating func maskSingleRecord(_ record: Span<UInt8>, into output: inout [UInt8]) -> (SingleRecordResult, RecordIssue?) {
        stats.recordsIn += 1
        stats.bytesIn += record.count
        let mark = output.count
        defer { stats.bytesOut += output.count - mark }
        let first = JSONScanning.skipWhitespace(record, from: 0)
        let looksJSON = first < record.count && (record[first] == UInt8(ascii: "{") || record[first] == UInt8(ascii: "["))
        guard engine.options.format == .jsonl, looksJSON else {
            maskTextRecord(record, set: 0, into: &output)
            stats.recordsOut += 1
            return (.emitted, nil)
        }
        switch maskJSONRecord(record, into: &output) {
        case .masked:
            stats.recordsOut += 1
            return (.emitted, nil)
        case .droppedByRule:
            output.removeSubrange(mark...)
            stats.droppedByRule += 1
            return (.dropped, nil)
        case .invalid(let error):
            output.removeSubrange(mark...)
            var outcome = ChunkOutcome()
            let issue = RecordIssue(record: 1, line: 1, column: error.offset + 1, message: "invalid JSON: \(error.message)")
            if handleMalformed(record, issue: issue, outcome: &outcome, into: &output) {
                stats.recordsOut += 1
                return (.emitted, issue)
            }
            return (outcome.fatal != nil ? .failed : .dropped, issue)
        }
    }
}
