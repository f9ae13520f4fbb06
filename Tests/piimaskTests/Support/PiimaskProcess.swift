import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `piimask` binary with bytes on standard input.
enum PiimaskProcess {
    struct Result {
        var status: Int32
        var stdout: [UInt8]
        var stderr: String
        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// Writing to a child that has already exited must fail with EPIPE, not kill the test runner.
    static let ignoreBrokenPipe: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// The `piimask` executable in the products directory, next to the test bundle (or `PIIMASK_BINARY`).
    static func binary() throws -> URL {
        _ = ignoreBrokenPipe
        if let path = ProcessInfo.processInfo.environment["PIIMASK_BINARY"] { return URL(fileURLWithPath: path) }
        let bundle = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let url = bundle.appendingPathComponent("piimask")
        try #require(FileManager.default.isExecutableFile(atPath: url.path),
                     "the piimask binary is missing next to the tests; build it first (swift build --build-tests): \(url.path)")
        return url
    }

    /// A started `piimask` with pipes on its standard input, output and error.
    struct Running {
        let process: Process
        let stdin: Pipe, stdout: Pipe, stderr: Pipe
    }

    /// Starts `piimask arguments`; the caller feeds and drains the pipes.
    static func start(_ arguments: [String]) throws -> Running {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        let running = Running(process: process, stdin: Pipe(), stdout: Pipe(), stderr: Pipe())
        process.standardInput = running.stdin
        process.standardOutput = running.stdout
        process.standardError = running.stderr
        try process.run()
        return running
    }

    /// Runs `piimask arguments` with `input` on stdin, and waits for it (at most `timeout` seconds).
    static func run(_ arguments: [String], input: [UInt8] = [], timeout: TimeInterval = 60) throws -> Result {
        let running = try start(arguments)
        let (process, stdin, stdout, stderr) = (running.process, running.stdin, running.stdout, running.stderr)
        // Write and read concurrently, so that large inputs and outputs cannot deadlock.
        let group = DispatchGroup()
        let outBox = Box(), errBox = Box()
        DispatchQueue.global().async(group: group) {
            stdin.fileHandleForWriting.writeIgnoringBrokenPipe(input)
            try? stdin.fileHandleForWriting.close()
        }
        DispatchQueue.global().async(group: group) { outBox.data = stdout.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errBox.data = stderr.fileHandleForReading.readDataToEndOfFile() }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            Issue.record("piimask \(arguments) did not finish within \(timeout) s")
        }
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: Array(outBox.data), stderr: String(decoding: errBox.data, as: UTF8.self))
    }

    static func run(_ arguments: [String], input: String) throws -> Result {
        try run(arguments, input: Array(input.utf8))
    }

    final class Box: @unchecked Sendable {
        // SAFETY: written by one queue, read after the group has finished.
        var data = Data()
    }
}

extension FileHandle {
    /// Writes all of `bytes` with write(2), stopping quietly when the reader has gone (EPIPE).
    func writeIgnoringBrokenPipe(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                Glibc.write(fileDescriptor, raw.baseAddress! + offset, raw.count - offset)
            }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }

    /// Reads up to and including the next line feed, waiting at most until `deadline`; nil on
    /// timeout or end of file.
    func readLine(before deadline: Date) -> [UInt8]? {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return nil }
            var request = pollfd(fd: fileDescriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&request, 1, Int32(left * 1000) + 1)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return nil }
            guard Glibc.read(fileDescriptor, &byte, 1) == 1 else { return nil }
            line.append(byte)
            if byte == 0x0A { return line }
        }
    }
}
