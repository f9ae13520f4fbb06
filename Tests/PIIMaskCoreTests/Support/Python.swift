import Foundation

/// Runs a python3 script: the independent reference parsers (`csv`, `json`) of the differential
/// tests. A machine without python3 fails these tests with a plain message; they never skip.
enum Python {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `script` with `arguments`, feeding it `input` on standard input, and returns what it
    /// printed on standard output.
    ///
    /// - Throws: `Failure` when python3 cannot be run or exits with a failure status.
    static func run(_ script: String, arguments: [String] = [], input: [UInt8] = [], purpose: String) throws -> Data {
        try run(arguments: ["-c", script] + arguments, input: input, purpose: purpose)
    }

    /// Runs python3 with `arguments` (a script file and its arguments) in `directory`.
    static func run(arguments: [String], input: [UInt8] = [], in directory: URL? = nil, purpose: String) throws -> Data {
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
        // Stdout and stderr are drained on their own threads while stdin is written, so that a
        // large input and a large answer cannot wait on each other's pipe buffers.
        let drained = DrainedPipes(output: output, errors: errors)
        standardInput.fileHandleForWriting.write(Data(input))
        try? standardInput.fileHandleForWriting.close()
        let (data, errorData) = drained.wait()
        process.waitUntilExit()
        let message = String(decoding: errorData, as: UTF8.self)
        if process.terminationStatus == 127 {
            throw Failure(description: "python3 not found on PATH: \(purpose) needs it (install python3)")
        }
        guard process.terminationStatus == 0 else {
            throw Failure(description: "python3 (\(purpose)) failed with status \(process.terminationStatus): \(message)")
        }
        return data
    }
}

/// Reads a process's stdout and stderr to their ends on background threads.
private final class DrainedPipes: @unchecked Sendable {
    // SAFETY: each field is written by one reader thread before `group` is left, and read only
    // after `wait()` has waited for the group.
    private var output = Data()
    private var errors = Data()
    private let group = DispatchGroup()

    init(output: Pipe, errors: Pipe) {
        DispatchQueue.global().async(group: group) { self.output = output.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { self.errors = errors.fileHandleForReading.readDataToEndOfFile() }
    }

    func wait() -> (output: Data, errors: Data) {
        group.wait()
        return (output, errors)
    }
}
