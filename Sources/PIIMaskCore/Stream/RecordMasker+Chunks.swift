/// Entry points the pipeline calls per chunk.
extension RecordMasker {
    /// Masks a chunk of whole records in the engine's format. A first chunk in UTF-16 or UTF-32
    /// is refused (see `InputEncoding`).
    ///
    /// - Parameters:
    ///   - startsFile: the chunk is the first of its input (CSV: it starts with the header; JSON
    ///     Lines and CSV: a UTF-8 byte order mark before its first record is copied, not parsed).
    ///   - header: the input's CSV header, if any.
    public mutating func mask(chunk: Span<UInt8>, startsFile: Bool, header: CSVHeader?, into output: inout [UInt8]) -> ChunkOutcome {
        if startsFile, let encoding = InputEncoding.unreadable(at: chunk) {
            return Self.unreadableInput(encoding)
        }
        var copied = PassThrough(isEnabled: false)
        return mask(chunk: chunk, startsFile: startsFile, header: header, into: &output, passing: &copied)
    }

    /// `mask(chunk:startsFile:header:into:)`, with the records that come out unchanged left in the
    /// chunk and listed in `passThrough` (JSON Lines and text; CSV copies every record). The
    /// pipeline checks the encoding itself, on the input's first bytes (`Job.unreadableEncoding`).
    mutating func mask(
        chunk: Span<UInt8>, startsFile: Bool, header: CSVHeader?, into output: inout [UInt8], passing passThrough: inout PassThrough
    ) -> ChunkOutcome {
        switch engine.options.format {
        case .jsonl, .text: return maskLines(chunk, startsFile: startsFile, into: &output, passing: &passThrough)
        case .csv, .tsv: return maskCSV(chunk, startsFile: startsFile, header: header, into: &output)
        }
    }

    /// Masks a piece of a record longer than `--max-record-bytes` under the error policy: as text
    /// with every detector (`mask`), not at all (`drop`), or stopping the run (`fail`).
    mutating func maskOversizedPiece(_ piece: Span<UInt8>, first: Bool, last: Bool, into output: inout [UInt8]) -> ChunkOutcome {
        var outcome = ChunkOutcome()
        stats.bytesIn += piece.count
        if first {
            stats.recordsIn += 1
            outcome.records = 1
            let issue = oversizeIssue(record: 1, line: 1)
            switch engine.options.onError {
            case .mask:
                outcome.issues.append(issue)
                stats.malformedMasked += 1
                stats.recordsOut += 1
            case .drop:
                outcome.issues.append(issue)
                stats.malformedDropped += 1
            case .fail:
                outcome.fatal = issue
                return outcome
            }
        }
        if last { outcome.lines = 1 }
        if engine.options.onError == .mask {
            let mark = output.count
            maskTextRecord(piece, set: engine.fallbackSet, into: &output)
            stats.bytesOut += output.count - mark
        }
        return outcome
    }

    /// The outcome of an input in an encoding that no detector reads: the run stops at its first
    /// record, whatever the error policy, since masking it as text would find nothing.
    static func unreadableInput(_ encoding: InputEncoding.Unreadable) -> ChunkOutcome {
        var outcome = ChunkOutcome()
        outcome.records = 1
        outcome.lines = 1
        outcome.fatal = RecordIssue(
            record: 1, line: 1, column: 1,
            message: "the input is \(encoding.description): convert it first, e.g. iconv -f \(encoding.name) -t UTF-8")
        return outcome
    }

    /// The issue of a record longer than `--max-record-bytes`, whether held whole or in pieces.
    func oversizeIssue(record: Int, line: Int) -> RecordIssue {
        RecordIssue(record: record, line: line, column: nil,
                    message: "record longer than --max-record-bytes (\(engine.options.maxRecordBytes) bytes)")
    }

    /// A cut point at or before `target` that no match straddles and that does not split a UTF-8
    /// character, so that masking the pieces separately finds what masking the whole would.
    mutating func safeCut(in bytes: Span<UInt8>, near target: Int) -> Int {
        var cut = max(1, min(target, bytes.count))
        _ = detectorSets[engine.fallbackSet].detect(in: bytes, fieldName: Span<UInt8>(), scratch: scratch, into: &matches)
        for match in matches where match.range.lowerBound < cut && match.range.upperBound > cut {
            cut = max(1, match.range.lowerBound)
        }
        while cut > 1 && bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
        return cut
    }
}
