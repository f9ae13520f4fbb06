import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs python3: the reference parsers of the differential tests (Python's `json` and `csv`) and
/// `Patterns/embed.py --check`. A machine without python3 fails these tests with a plain message;
/// they never skip.
enum Python {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Writing to a python3 that has exited (or never started) must fail with EPIPE, not kill the
    /// test runner.
    private static let ignoreBrokenPipe: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// Runs `script` with `arguments`, feeding it `input` on standard input, and returns what it
    /// printed on standard output.
    ///
    /// - Throws: `Failure` when python3 cannot be run, exits with a failure status, or runs past
    ///   two minutes.
    static func run(_ script: String, arguments: [String] = [], input: [UInt8] = [], purpose: String) throws -> Data {
        try run(arguments: ["-c", script] + arguments, input: input, purpose: purpose)
    }

    /// Runs python3 with `arguments` (a script file and its arguments) in `directory`.
    static func run(
        arguments: [String], input: [UInt8] = [], in directory: URL? = nil, purpose: String, timeout: TimeInterval = 120
    ) throws -> Data {
        _ = ignoreBrokenPipe
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        process.currentDirectoryURL = directory
        let standardInput = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = standardInput
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot run python3 through /usr/bin/env (\(error)); \(purpose) needs python3 on PATH")
        }
        // Feed stdin and drain stdout and stderr at once, so that a large input and a large answer
        // cannot wait on each other's pipe buffers.
        let exchange = PipeExchange(input: input, to: standardInput, output: output, errors: errors)
        guard exchange.wait(timeout: timeout) else {
            process.terminate()
            throw Failure(description: "python3 (\(purpose)) did not finish within \(Int(timeout)) s")
        }
        process.waitUntilExit()
        let message = String(decoding: exchange.errors, as: UTF8.self)
        if process.terminationStatus == 127 {
            throw Failure(description: "python3 not found on PATH: \(purpose) needs it (install python3)")
        }
        guard process.terminationStatus == 0 else {
            throw Failure(description: "python3 (\(purpose)) failed with status \(process.terminationStatus): \(message)")
        }
        return exchange.output
    }
}

/// Writes a child's stdin and reads its stdout and stderr to their ends, each on its own thread.
private final class PipeExchange: @unchecked Sendable {
    // SAFETY: each field is written by one thread before it leaves `group`, and read only after
    // `wait` has seen the group finish.
    private(set) var output = Data()
    private(set) var errors = Data()
    private let group = DispatchGroup()

    init(input: [UInt8], to standardInput: Pipe, output: Pipe, errors: Pipe) {
        DispatchQueue.global().async(group: group) {
            let handle = standardInput.fileHandleForWriting
            var offset = 0
            while offset < input.count {
                let written = input.withUnsafeBytes { raw in write(handle.fileDescriptor, raw.baseAddress! + offset, raw.count - offset) }
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { break }  // EPIPE: python3 has gone; its status says why.
                offset += written
            }
            try? handle.close()
        }
        DispatchQueue.global().async(group: group) { self.output = output.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { self.errors = errors.fileHandleForReading.readDataToEndOfFile() }
    }

    /// Whether all three finished within `timeout` seconds.
    func wait(timeout: TimeInterval) -> Bool {
        group.wait(timeout: .now() + timeout) == .success
    }
}
