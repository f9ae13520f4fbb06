import Synchronization
import SystemPackage

/// Where masked records go: a file descriptor written with write(2) or writev(2), whole chunks at
/// a time, or (for tests and the Firehose front end) a buffer in memory.
public struct OutputSink: Sendable {
    private enum Backing: Sendable {
        case descriptor(FileDescriptor)
        case memory(ByteCollector)
    }

    private let backing: Backing

    /// Standard output (a pipe there gets a 1 MiB buffer, see `PipeBuffer`).
    public static var standardOutput: OutputSink {
        PipeBuffer.enlarge(FileDescriptor.standardOutput.rawValue)
        return OutputSink(descriptor: .standardOutput)
    }

    public init(descriptor: FileDescriptor) {
        backing = .descriptor(descriptor)
    }

    /// Collects everything written into `collector`.
    public init(collector: ByteCollector) {
        backing = .memory(collector)
    }

    /// The outcome of a write.
    enum Result: Equatable {
        case written
        /// The reader went away (EPIPE): stop quietly.
        case closed
    }

    /// Writes all of `bytes`.
    func write(_ bytes: [UInt8]) throws(PipelineError) -> Result {
        if bytes.isEmpty { return .written }
        switch backing {
        case .memory(let collector):
            collector.append(bytes)
            return .written
        case .descriptor(let descriptor):
            do {
                _ = try bytes.withUnsafeBytes { try descriptor.writeAll($0) }
                return .written
            } catch Errno.brokenPipe {
                return .closed
            } catch {
                throw .writeFailed("\(error)")
            }
        }
    }

    /// Writes a chunk's output with its pass-through runs from `input` in their places.
    func write(_ output: [UInt8], passing passThrough: PassThrough, from input: [UInt8]) throws(PipelineError) -> Result {
        if passThrough.runs.isEmpty { return try write(output) }
        switch backing {
        case .memory(let collector):
            collector.append(passThrough.assemble(output: output, input: input))
            return .written
        case .descriptor(let descriptor):
            do {
                try GatherWrite.write(passThrough.pieces(outputCount: output.count), output: output, input: input, to: descriptor)
                return .written
            } catch Errno.brokenPipe {
                return .closed
            } catch {
                throw .writeFailed("\(error)")
            }
        }
    }
}

/// A thread-safe byte buffer that an `OutputSink` can write into.
public final class ByteCollector: Sendable {
    private let storage = Mutex<[UInt8]>([])

    public init() {}

    func append(_ bytes: [UInt8]) { storage.withLock { $0.append(contentsOf: bytes) } }

    /// Everything written so far.
    public var bytes: [UInt8] { storage.withLock { $0 } }
}
