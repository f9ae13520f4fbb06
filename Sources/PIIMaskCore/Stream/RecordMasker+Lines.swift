/// The chunk loop for line-based formats (JSON Lines and text): each line is a record; its
/// terminator (`\n` or `\r\n`, or none at the end of input) is copied as it was.
extension RecordMasker {
    /// Masks every record of `chunk`, which holds whole records only, appending to `output`; an
    /// unchanged record (with its line terminator) goes to `passThrough` instead when it is enabled.
    /// When the chunk `startsFile`, a byte order mark before its first JSON record is copied as it
    /// is and the record parsed after it.
    mutating func maskLines(
        _ chunk: Span<UInt8>, startsFile: Bool, into output: inout [UInt8], passing passThrough: inout PassThrough
    ) -> ChunkOutcome {
        var outcome = ChunkOutcome()
        defer { passThrough.close(before: output.count) }
        let isJSON = engine.options.format == .jsonl
        // The length of the byte order mark before the first record (0 for the others).
        let markLength = isJSON && startsFile ? InputEncoding.utf8MarkLength(at: chunk) : 0
        var start = 0
        while start < chunk.count {
            let newline = ByteSearch.firstIndex(of: 0x0A, in: chunk, from: start)
            let lineEnd = newline.map { $0 + 1 } ?? chunk.count
            var contentEnd = newline ?? chunk.count
            if contentEnd > start && chunk[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            let record = chunk.extracting(start..<contentEnd)
            // The JSON record proper, after the byte order mark if any (only the first has one).
            let bodyStart = start == 0 ? markLength : 0
            let body = record.extracting(bodyStart...)
            outcome.records += 1
            outcome.lines += 1
            stats.recordsIn += 1
            stats.bytesIn += lineEnd - start
            let mark = output.count
            var emit = true
            // Nothing in the record changes: it is copied or passed through whole, below.
            var unchanged = false
            if record.count > engine.options.maxRecordBytes {
                // Held whole (the chunk is larger than the limit), but over it all the same.
                emit = handleMalformed(record, issue: oversizeIssue(record: outcome.records, line: outcome.lines),
                                       outcome: &outcome, into: &output)
                if outcome.fatal != nil { return outcome }
            } else if !isJSON {
                if let key = engine.options.textReplyKey {
                    appendTextReply(record, key: key, into: &output)
                } else {
                    unchanged = !appendMaskedText(record, set: 0, into: &output)
                }
            } else if JSONScanning.skipWhitespace(body, from: 0) == body.count {
                unchanged = true  // blank lines pass through as they are
            } else {
                // A byte order mark goes first (`maskJSONRecord` writes only when it changes
                // something: `unchangedFrom > 0`).
                if bodyStart > 0 { output.append(contentsOf: record.extracting(0..<bodyStart)) }
                var unchangedFrom = 0
                switch maskJSONRecord(body, into: &output, unchangedFrom: &unchangedFrom) {
                case .masked:
                    if unchangedFrom == 0 {
                        if bodyStart > 0 { output.removeSubrange(mark...) }
                        unchanged = true
                    } else {
                        output.append(contentsOf: body.extracting(unchangedFrom...))
                    }
                case .droppedByRule:
                    output.removeSubrange(mark...)
                    stats.droppedByRule += 1
                    emit = false
                case .invalid(let error):
                    output.removeSubrange(mark...)
                    let issue = RecordIssue(record: outcome.records, line: outcome.lines, column: bodyStart + error.offset + 1,
                                            message: "invalid JSON: \(error.message)")
                    emit = handleMalformed(record, issue: issue, jsonEscapes: true, outcome: &outcome, into: &output)
                    if outcome.fatal != nil { return outcome }
                }
            }
            if emit {
                stats.recordsOut += 1
                if unchanged && passThrough.isEnabled {
                    passThrough.pass(start..<lineEnd, outputCount: mark)
                    stats.bytesOut += lineEnd - start
                    start = lineEnd
                    continue
                }
                if unchanged { output.append(contentsOf: record) }
                output.append(contentsOf: chunk.extracting(contentEnd..<lineEnd))
            }
            if output.count > mark { passThrough.close(before: mark) }
            stats.bytesOut += output.count - mark
            start = lineEnd
        }
        return outcome
    }

    /// Masks a whole record as one text value.
    mutating func maskTextRecord(_ record: Span<UInt8>, set: Int, into output: inout [UInt8]) {
        if !appendMaskedText(record, set: set, into: &output) { output.append(contentsOf: record) }
    }

    /// Appends a whole record masked as one text value and returns true, or returns false (and
    /// appends nothing) when nothing in it changes.
    mutating func appendMaskedText(_ record: Span<UInt8>, set: Int, into output: inout [UInt8]) -> Bool {
        guard maskFreeText(record, set: set, fieldName: Span<UInt8>(), auditField: nil) else { return false }
        let masked = rewritten
        output.append(contentsOf: masked.span)
        return true
    }

    /// Masks a JSON record that did not parse as text, with `\uXXXX` and `\/` escapes decoded
    /// first, so that `a\u0040example.com` is masked as it would be in a valid record. Escapes that
    /// would decode to a quote, a backslash or a control character stay as they are, so the line
    /// keeps its shape; a record in which nothing is masked comes out byte-identical.
    mutating func maskMalformedJSON(_ record: Span<UInt8>, into output: inout [UInt8]) {
        let backslash = UInt8(ascii: "\\")
        guard ByteSearch.firstIndex(of: backslash, in: record, from: 0) != nil else {
            maskTextRecord(record, set: engine.fallbackSet, into: &output)
            return
        }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(record.count)
        var index = 0
        while index < record.count {
            let byte = record[index]
            guard byte == backslash, index + 1 < record.count else {
                decoded.append(byte)
                index += 1
                continue
            }
            let next = record[index + 1]
            if next == UInt8(ascii: "u"), let unit = JSONEscaping.hex4(record, at: index + 2) {
                var scalar = UInt32(unit)
                var length = 6
                if (0xD800...0xDBFF).contains(unit), index + 12 <= record.count, record[index + 6] == backslash,
                   record[index + 7] == UInt8(ascii: "u"), let low = JSONEscaping.hex4(record, at: index + 8),
                   (0xDC00...0xDFFF).contains(low) {
                    scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                    length = 12
                }
                if scalar >= 0x20 && scalar != 0x22 && scalar != 0x5C && scalar != 0x7F && !(0xD800...0xDFFF).contains(scalar) {
                    JSONEscaping.appendUTF8(scalar, to: &decoded)
                    index += length
                    continue
                }
            } else if next == UInt8(ascii: "/") {
                decoded.append(next)
                index += 2
                continue
            }
            // Any other escape (and `\\`, so that what follows it is not read as one) stays.
            decoded.append(byte)
            decoded.append(next)
            index += 2
        }
        // Nothing masked: the record as it was, escapes and all.
        if !appendMaskedText(decoded.span, set: engine.fallbackSet, into: &output) { output.append(contentsOf: record) }
    }

    /// Masks a text line and answers it as `{"KEY":"masked line"}`.
    mutating func appendTextReply(_ record: Span<UInt8>, key: String, into output: inout [UInt8]) {
        output.append(contentsOf: "{\"".utf8)
        JSONEscaping.escape(Array(key.utf8).span, into: &output)
        output.append(contentsOf: "\":\"".utf8)
        if maskFreeText(record, set: 0, fieldName: Span<UInt8>(), auditField: nil) {
            let masked = rewritten
            JSONEscaping.escape(masked.span, into: &output)
        } else {
            JSONEscaping.escape(record, into: &output)
        }
        output.append(contentsOf: "\"}".utf8)
    }

    /// Applies the error policy to a record that did not parse. Returns whether to emit it
    /// (its masked text has then been appended); sets `outcome.fatal` under `--on-error fail`.
    ///
    /// - Parameter jsonEscapes: the record is meant as JSON: PII written with `\uXXXX` escapes is
    ///   masked too (see `maskMalformedJSON`).
    mutating func handleMalformed(
        _ record: Span<UInt8>, issue: RecordIssue, jsonEscapes: Bool = false, outcome: inout ChunkOutcome, into output: inout [UInt8]
    ) -> Bool {
        switch engine.options.onError {
        case .mask:
            outcome.issues.append(issue)
            stats.malformedMasked += 1
            if jsonEscapes {
                maskMalformedJSON(record, into: &output)
            } else {
                maskTextRecord(record, set: engine.fallbackSet, into: &output)
            }
            return true
        case .drop:
            outcome.issues.append(issue)
            stats.malformedDropped += 1
            return false
        case .fail:
            outcome.fatal = issue
            return false
        }
    }
}
