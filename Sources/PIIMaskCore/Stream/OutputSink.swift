import SystemPackage

/// Where masked records go: a file descriptor written with write(2), whole buffers at a time.
public struct OutputSink: Sendable {
    let descriptor: FileDescriptor

    /// Standard output.
    public static let standardOutput = OutputSink(descriptor: .standardOutput)

    public init(descriptor: FileDescriptor) {
        self.descriptor = descriptor
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
