import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `piimask [mask]` end to end: bytes piped into the built binary; stdout, stderr and exit status.
@Suite("piimask mask (end to end)")
struct MaskCommandTests {
    static let sample = "{\"user\":\"ann@example.com\",\"ssn\":\"219-09-9998\",\"n\":1.0e+2}\n{\"ip\":\"10.0.0.7\",\"ok\":true}\n"

    /// A temporary file holding `bytes`, removed by the caller.
    static func temporaryFile(_ bytes: [UInt8], name: String = "input.jsonl") throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("piimask-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    @Test("default: JSON Lines detected, strings masked, everything else byte-identical")
    func defaultMasking() throws {
        let result = try PiimaskProcess.run([], input: Self.sample)
        #expect(result.status == 0)
        #expect(result.text == "{\"user\":\"[EMAIL]\",\"ssn\":\"[USA_SSN]\",\"n\":1.0e+2}\n{\"ip\":\"[IP_ADDRESS]\",\"ok\":true}\n")
        #expect(result.stderr == "")
        // The explicit subcommand and `-` for stdin do the same.
        #expect(try PiimaskProcess.run(["mask", "-"], input: Self.sample).text == result.text)
    }

    @Test("a file that starts with a byte order mark is detected as JSON Lines and parsed after it")
    func byteOrderMark() throws {
        let result = try PiimaskProcess.run(["--stats"], input: "\u{FEFF}" + Self.sample)
        #expect(result.status == 0)
        #expect(result.text == "\u{FEFF}{\"user\":\"[EMAIL]\",\"ssn\":\"[USA_SSN]\",\"n\":1.0e+2}\n{\"ip\":\"[IP_ADDRESS]\",\"ok\":true}\n")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("piimask: format: jsonl (detected)"))
        #expect(lines.contains("piimask: malformed records: 0 masked as text, 0 dropped"))
        #expect(!result.stderr.contains("warning"))
    }

    @Test("a UTF-16 file is refused with exit 1, naming it, rather than passed through with its PII")
    func utf16Refused() throws {
        let text = "{\"user\":\"ann@example.com\"}\n"
        let file = try Self.temporaryFile([0xFF, 0xFE] + Array(text.data(using: .utf16LittleEndian)!), name: "ps.jsonl")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let result = try PiimaskProcess.run([file.path])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "piimask: error: \(file.path):1: the input is UTF-16LE, not UTF-8 (it starts with a UTF-16LE "
            + "byte order mark): convert it first, e.g. iconv -f UTF-16LE -t UTF-8 (record 1)\n")
    }

    @Test("--format text masks whole lines")
    func textFormat() throws {
        let result = try PiimaskProcess.run(["--format", "text"], input: "{\"k\": 1} ann@example.com\r\nplain\nlast 219-09-9998")
        #expect(result.status == 0)
        #expect(result.text == "{\"k\": 1} [EMAIL]\r\nplain\nlast [USA_SSN]")
        #expect(result.stderr == "")
    }

    @Test("--entities selects the detectors")
    func entities() throws {
        let result = try PiimaskProcess.run(["--entities", "EMAIL"], input: Self.sample)
        #expect(result.status == 0)
        #expect(result.text == "{\"user\":\"[EMAIL]\",\"ssn\":\"219-09-9998\",\"n\":1.0e+2}\n{\"ip\":\"10.0.0.7\",\"ok\":true}\n")
        let unknown = try PiimaskProcess.run(["--entities", "EMIAL"], input: Self.sample)
        #expect(unknown.status == 2)
        #expect(unknown.stdout.isEmpty)
        #expect(unknown.stderr.hasPrefix("piimask: error: "))
    }

    @Test("--redact-text replaces every match with one string, escaped for JSON")
    func redactText() throws {
        let result = try PiimaskProcess.run(["--redact-text", "\"***\""], input: Self.sample)
        #expect(result.status == 0)
        #expect(result.text == "{\"user\":\"\\\"***\\\"\",\"ssn\":\"\\\"***\\\"\",\"n\":1.0e+2}\n{\"ip\":\"\\\"***\\\"\",\"ok\":true}\n")
    }

    @Test("--stats reports on stderr only")
    func stats() throws {
        let result = try PiimaskProcess.run(["--stats"], input: Self.sample + "not json\n")
        #expect(result.status == 0)
        #expect(result.text.hasPrefix("{\"user\":\"[EMAIL]\""))
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("piimask: format: jsonl (detected)"))
        #expect(lines.contains("piimask: records: 3 in, 3 out"))
        #expect(lines.contains { $0.hasPrefix("piimask: bytes: \(Self.sample.utf8.count + 9) in, ") })
        #expect(lines.contains("piimask: matches: 3 (EMAIL 1, USA_SSN 1, IP_ADDRESS 1)") || lines.contains { $0.hasPrefix("piimask: matches: 3 (") })
        #expect(lines.contains("piimask: malformed records: 1 masked as text, 0 dropped"))
        #expect(lines.contains { $0.hasPrefix("piimask: elapsed: ") && $0.hasSuffix(" MB/s") })
        #expect(lines.contains { $0.hasPrefix("piimask: warning: <stdin>:3:1: record 3: invalid JSON") })
    }

    @Test("--on-error fail: exit 1 and the file and line of the bad record")
    func onErrorFail() throws {
        let input = Self.sample + "{\"broken\": ann@example.com}\n{\"after\":1}\n"
        let piped = try PiimaskProcess.run(["--on-error", "fail"], input: input)
        #expect(piped.status == 1)
        #expect(piped.stderr.hasPrefix("piimask: error: <stdin>:3: invalid JSON"))
        #expect(!piped.text.contains("ann@example.com"))
        #expect(!piped.text.contains("after"))
        let file = try Self.temporaryFile(Array(input.utf8))
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let named = try PiimaskProcess.run(["--on-error", "fail", file.path])
        #expect(named.status == 1)
        #expect(named.stderr.hasPrefix("piimask: error: \(file.path):3: invalid JSON"))
        #expect(named.stderr.split(separator: "\n").count == 1)
    }

    @Test("--on-error drop leaves the record out and warns", arguments: [["--on-error", "drop"], ["--on-error", "drop", "--threads", "1"]])
    func onErrorDrop(_ arguments: [String]) throws {
        let result = try PiimaskProcess.run(arguments, input: "{\"a\":1}\nbroken a@b.io\n{\"b\":2}\n")
        #expect(result.status == 0)
        #expect(result.text == "{\"a\":1}\n{\"b\":2}\n")
        #expect(result.stderr.hasPrefix("piimask: warning: <stdin>:2:1: record 2: invalid JSON"))
        #expect(result.stderr.contains("record dropped"))
    }

    @Test("usage errors exit 2 with nothing on stdout", arguments: [
        ["--no-such-option"], ["--format", "xml"], ["--on-error", "ignore"], ["--threads", "0"], ["--max-record-bytes", "10"],
    ])
    func usageErrors(_ arguments: [String]) throws {
        let result = try PiimaskProcess.run(arguments, input: Self.sample)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("piimask: error: "))
        #expect(!result.stderr.contains("error: Error:"), "the error prefix is doubled: \(result.stderr)")
    }

    @Test("a missing file: exit 1 naming it")
    func missingFile() throws {
        let result = try PiimaskProcess.run(["/nonexistent/dir/missing-input.jsonl"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("piimask: error: /nonexistent/dir/missing-input.jsonl: "))
    }

    @Test("an input that opens but cannot be read (a directory): exit 1 naming it, after the inputs before it")
    func unreadableInput() throws {
        let file = try Self.temporaryFile(Array("{\"a\":\"x@y.io\"}\n".utf8))
        let directory = file.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try PiimaskProcess.run([file.path, directory.path])
        #expect(result.status == 1)
        #expect(result.text == "{\"a\":\"[EMAIL]\"}\n")
        #expect(result.stderr == "piimask: error: \(directory.path): read failed: Is a directory\n")
    }

    @Test("files are read in order; a file without a final newline is still one record")
    func severalFiles() throws {
        let first = try Self.temporaryFile(Array("{\"a\":\"x@y.io\"}".utf8), name: "one.jsonl")
        let second = try Self.temporaryFile(Array("{\"b\":2}\n".utf8), name: "two.jsonl")
        defer {
            try? FileManager.default.removeItem(at: first.deletingLastPathComponent())
            try? FileManager.default.removeItem(at: second.deletingLastPathComponent())
        }
        let result = try PiimaskProcess.run([first.path, "-", second.path], input: "{\"c\":3}\n")
        #expect(result.status == 0)
        #expect(result.text == "{\"a\":\"[EMAIL]\"}\n{\"c\":3}\n{\"b\":2}\n")
    }

    @Test("--version prints the version")
    func version() throws {
        let result = try PiimaskProcess.run(["--version"])
        #expect(result.status == 0)
        #expect(result.text.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil)
    }

    /// `mask` runs parse without the root command (`PIIMask.parseDefaultCommand`); everything
    /// that does not parse that way goes through the root, and answers as the root command would.
    @Test("mask runs skip the root command; help, errors and subcommands still answer as the root")
    func defaultCommandRouting() throws {
        #expect(try PiimaskProcess.run(["--threads", "1", "-"], input: Self.sample).text
            == PiimaskProcess.run(["mask", "--threads", "1", "-"], input: Self.sample).text)
        let rootHelp = try PiimaskProcess.run(["--help"])
        #expect(rootHelp.status == 0 && rootHelp.text.contains("SUBCOMMANDS:") && rootHelp.text.contains("patterns"))
        let maskHelp = try PiimaskProcess.run(["mask", "--help"])
        #expect(maskHelp.status == 0 && maskHelp.text.contains("USAGE: piimask mask "))
        let unknown = try PiimaskProcess.run(["--no-such-option"])
        #expect(unknown.status == 2 && unknown.stderr.contains("Usage: piimask mask "), "\(unknown.stderr)")
        let completion = try PiimaskProcess.run(["--generate-completion-script", "bash"])
        #expect(completion.status == 0 && completion.text.contains("_piimask"))
        #expect(try PiimaskProcess.run(["mask", "--version"]).text == PiimaskProcess.run(["--version"]).text)
        let patterns = try PiimaskProcess.run(["patterns", "list"])
        #expect(patterns.status == 0 && patterns.text.contains("CREDIT_CARD"))
        // After an option, a subcommand's name is a file name, as it was through the root.
        let file = try PiimaskProcess.run(["--threads", "1", "patterns"])
        #expect(file.status == 1 && file.stderr.hasPrefix("piimask: error: patterns: "), "\(file.stderr)")
    }

    @Test("CSV end to end: header kept, cells masked, quoting kept")
    func csv() throws {
        let result = try PiimaskProcess.run(["--format", "csv"], input: "name,email\r\n\"Ann\",\"ann@example.com\"\r\nBo,\"x\ny@z.io\"\r\n")
        #expect(result.status == 0)
        #expect(result.text == "name,email\r\n\"Ann\",\"[EMAIL]\"\r\nBo,\"x\n[EMAIL]\"\r\n")
    }

    /// `piimask big.jsonl | head -1`: the reader closes the pipe after one line; piimask stops
    /// quietly with status 0.
    @Test("a closed stdout ends the run quietly with status 0", arguments: [["--threads", "1"], []])
    func closedOutput(_ extra: [String]) throws {
        var text = ""
        text.reserveCapacity(21 << 20)
        var index = 0
        while text.utf8.count < 20 << 20 {
            text += "{\"i\":\(index),\"mail\":\"user\(index)@example.com\",\"msg\":\"lorem ipsum dolor sit amet consectetur\"}\n"
            index += 1
        }
        let file = try Self.temporaryFile(Array(text.utf8))
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let running = try PiimaskProcess.start(extra + [file.path])
        let (process, stdout, stderr) = (running.process, running.stdout, running.stderr)
        try running.stdin.fileHandleForWriting.close()
        let line = stdout.fileHandleForReading.readLine(before: Date().addingTimeInterval(30))
        #expect(line.map { String(decoding: $0, as: UTF8.self) } == "{\"i\":0,\"mail\":\"[EMAIL]\",\"msg\":\"lorem ipsum dolor sit amet consectetur\"}\n")
        try stdout.fileHandleForReading.close()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        #expect(String(decoding: errors, as: UTF8.self) == "")
    }

    /// A transform hook writes one record and waits for its answer with stdin still open.
    @Test("hook: each record's answer arrives while stdin stays open", arguments: [["--threads", "1"], ["--threads", "3"], [], ["--format", "csv"]])
    func hook(_ extra: [String]) throws {
        let csv = extra.contains("csv")
        let running = try PiimaskProcess.start(extra)
        let (process, stdin, stdout, stderr) = (running.process, running.stdin, running.stdout, running.stderr)
        defer { if process.isRunning { process.terminate() } }
        if csv {
            stdin.fileHandleForWriting.writeIgnoringBrokenPipe(Array("id,email\n".utf8))
            let header = stdout.fileHandleForReading.readLine(before: Date().addingTimeInterval(1))
            #expect(header == Array("id,email\n".utf8), "no answer within 1 s for the header")
        }
        // More rounds than a 3-worker run has jobs (6), so that jobs are reused between answers.
        for round in 1...8 {
            let record = csv ? "\(round),user\(round)@example.com\n" : "{\"round\":\(round),\"mail\":\"user\(round)@example.com\"}\n"
            stdin.fileHandleForWriting.writeIgnoringBrokenPipe(Array(record.utf8))
            let answer = stdout.fileHandleForReading.readLine(before: Date().addingTimeInterval(1))
            let expected = csv ? "\(round),[EMAIL]\n" : "{\"round\":\(round),\"mail\":\"[EMAIL]\"}\n"
            #expect(answer.map { String(decoding: $0, as: UTF8.self) } == expected, "no answer within 1 s in round \(round)")
            #expect(process.isRunning)
        }
        try stdin.fileHandleForWriting.close()
        let rest = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(rest.isEmpty)
        #expect(process.terminationStatus == 0)
        #expect(String(decoding: errors, as: UTF8.self) == "")
    }
}
