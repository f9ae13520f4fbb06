/// Parses JSON with Python's `json` module: an independent parser for differential tests.
enum PythonJSON {
    /// What Python's `json.loads` (strict: no NaN or Infinity, no raw control characters in
    /// strings) makes of a record.
    enum Verdict: Equatable {
        case accepted
        case rejected
        /// Not UTF-8, or a string holding a lone surrogate escape: JSON leaves these to the
        /// parser (the JSONTestSuite's `i_` cases), so either answer is right.
        case implementationDefined
    }

    /// Python's verdict on each record, in order.
    static func verdicts(_ records: [[UInt8]]) throws -> [Verdict] {
        let script = """
            import json, sys
            def constant(name):
                raise ValueError(name)
            verdicts = []
            for line in sys.stdin.read().split('\\n')[:-1]:  # one record per line, in hex
                raw = bytes.fromhex(line)
                try:
                    text = raw.decode('utf-8')
                except UnicodeDecodeError:
                    verdicts.append('2')
                    continue
                try:
                    value = json.loads(text, parse_constant=constant)
                except (ValueError, RecursionError):
                    verdicts.append('0')
                    continue
                try:
                    json.dumps(value, ensure_ascii=False).encode('utf-8')
                except UnicodeEncodeError:
                    verdicts.append('2')
                    continue
                verdicts.append('1')
            sys.stdout.write(''.join(verdicts))
            """
        var input: [UInt8] = []
        let hexDigits = Array("0123456789abcdef".utf8)
        for record in records {
            for byte in record {
                input.append(hexDigits[Int(byte >> 4)])
                input.append(hexDigits[Int(byte & 0xF)])
            }
            input.append(UInt8(ascii: "\n"))
        }
        let output = try Python.run(script, input: input, purpose: "the differential JSON test")
        let verdicts = try output.map { byte -> Verdict in
            switch byte {
            case UInt8(ascii: "1"): return .accepted
            case UInt8(ascii: "0"): return .rejected
            case UInt8(ascii: "2"): return .implementationDefined
            default: throw Python.Failure(description: "python3 printed \(byte) among the verdicts")
            }
        }
        guard verdicts.count == records.count else {
            throw Python.Failure(description: "python3 gave \(verdicts.count) verdicts for \(records.count) records")
        }
        return verdicts
    }
}
