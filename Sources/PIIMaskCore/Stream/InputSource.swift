#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import SystemPackage

/// One input: a file, or standard input (`-`). Read with read(2) into caller-owned buffers.
public struct InputSource: Sendable {
    /// The name used in messages (`-` is shown as `<stdin>`).
    public let name: String
    let path: String?
    /// In-memory bytes delivered `readSize` at a time (tests drive chunk boundaries with this).
    let memory: (bytes: [UInt8], readSize: Int)?
    /// An input already opened and read from by `prefetch()`.
    private var prefetched: Prefetched?

    struct Prefetched: @unchecked Sendable {
        // SAFETY: handed from the thread that prefetched to the one reading (the worker holding the
        // reader), never used by two threads at once.
        let input: OpenInput
        let bytes: [UInt8]
    }

    /// Standard input.
    public static let standardInput = InputSource(name: "<stdin>", path: nil)

    /// A file path; `-` means standard input.
    public init(path: String) {
        if path == "-" {
            self = .standardInput
        } else {
            self.init(name: path, path: path)
        }
    }

    private init(name: String, path: String?) {
        self.name = name
        self.path = path
        memory = nil
        prefetched = nil
    }

    /// Bytes in memory, handed out at most `readSize` per read, as a pipe would.
    public init(name: String, bytes: [UInt8], readSize: Int = 1 << 16) {
        self.name = name
        path = nil
        memory = (bytes, max(1, readSize))
        prefetched = nil
    }

    /// The size of the input if it is a regular file (for progress).
    public var sizeIfKnown: Int? {
        if let prefetched { return prefetched.input.size }
        guard let path else { return nil }
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    /// Opens the input and reads its first bytes (one read: what is there, up to `limit`), for
    /// format detection. The pipeline then starts from these bytes.
    ///
    /// - Throws: `PipelineError` when the input cannot be opened or read.
    public mutating func prefetch(limit: Int = 64 * 1024) throws(PipelineError) -> [UInt8] {
        if let prefetched { return prefetched.bytes }
        let input = try open()
        var buffer = [UInt8](repeating: 0, count: limit)
        let count = try input.read(into: &buffer, from: 0)
        let bytes = Array(buffer[0..<count])
        prefetched = Prefetched(input: input, bytes: bytes)
        return bytes
    }

    /// Opens the input for reading; the bytes already prefetched come first.
    func openForReading() throws(PipelineError) -> (OpenInput, [UInt8]) {
        if let prefetched { return (prefetched.input, prefetched.bytes) }
        return (try open(), [])
    }

    /// Opens the input for reading.
    ///
    /// - Throws: `PipelineError.cannotOpen` with the system's reason.
    func open() throws(PipelineError) -> OpenInput {
        if let memory { return OpenInput(memory: memory.bytes, readSize: memory.readSize, name: name) }
        guard let path else {
            PipeBuffer.enlarge(FileDescriptor.standardInput.rawValue)
            return OpenInput(descriptor: .standardInput, closes: false, size: nil, name: name)
        }
        do {
            let descriptor = try FileDescriptor.open(FilePath(path), .readOnly)
            var info = stat()
            let size: Int? = fstat(descriptor.rawValue, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : nil
            return OpenInput(descriptor: descriptor, closes: true, size: size, name: name)
        } catch {
            throw .cannotOpen(name, "\(error)")
        }
    }
}

/// An open input: a file descriptor, or bytes in memory.
final class OpenInput {
    private enum Backing {
        case descriptor(FileDescriptor, closes: Bool)
        case memory([UInt8], readSize: Int)
    }

    private let backing: Backing
    private var position = 0
    /// The size of a regular file (for progress), nil for pipes and terminals.
    let size: Int?
    /// The input's name in messages (its path, or `<stdin>`).
    private let name: String

    init(descriptor: FileDescriptor, closes: Bool, size: Int?, name: String) {
        backing = .descriptor(descriptor, closes: closes)
        self.size = size
        self.name = name
    }

    init(memory: [UInt8], readSize: Int, name: String) {
        backing = .memory(memory, readSize: readSize)
        size = memory.count
        self.name = name
    }

    /// Reads into `buffer[from..<upTo]` (`upTo` defaults to the buffer's end); returns the byte
    /// count, 0 at end of input.
    func read(into buffer: inout [UInt8], from start: Int, upTo end: Int? = nil) throws(PipelineError) -> Int {
        let end = min(end ?? buffer.count, buffer.count)
        switch backing {
        case .memory(let bytes, let readSize):
            let count = min(readSize, bytes.count - position, end - start)
            buffer.replaceSubrange(start..<(start + count), with: bytes[position..<(position + count)])
            position += count
            return count
        case .descriptor(let descriptor, _):
            while true {
                do {
                    return try buffer.withUnsafeMutableBytes { raw in
                        // SAFETY: `start < end <= raw.count` (the caller grows the buffer first).
                        try descriptor.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[start..<end]))
                    }
                } catch Errno.interrupted {
                    continue
                } catch {
                    throw .readFailed(name, "\(error)")
                }
            }
        }
    }

    /// Whether more input can be read right now without blocking.
    func hasMoreReady() -> Bool {
        switch backing {
        case .memory(let bytes, _):
            return position < bytes.count
        case .descriptor(let descriptor, _):
            var request = pollfd(fd: descriptor.rawValue, events: Int16(POLLIN), revents: 0)
            return poll(&request, 1, 0) > 0 && request.revents & Int16(POLLIN) != 0
        }
    }

    func close() {
        if case .descriptor(let descriptor, true) = backing { try? descriptor.close() }
    }
}

/// Failures of the stream itself (not of records), with exit status 1.
public enum PipelineError: Error, CustomStringConvertible, Equatable {
    case cannotOpen(String, String)
    case readFailed(String, String)
    case writeFailed(String)

    public var description: String {
        switch self {
        case let .cannotOpen(name, reason): "\(name): cannot open: \(reason)"
        case let .readFailed(name, reason): "\(name): read failed: \(reason)"
        case let .writeFailed(reason): "write failed: \(reason)"
        }
    }
}

/// Pipes hold 64 KiB by default, so a producer and piimask's reading take turns every 64 KiB, and
/// with busy workers on every core the reading is starved between turns. A 1 MiB pipe (the Linux
/// default maximum) lets each side run for a whole chunk. Best effort: not a pipe, or not
/// allowed, and nothing changes.
public enum PipeBuffer {
    #if os(Linux)
    private static let setPipeSize: Int32 = 1031  // F_SETPIPE_SZ, a macro Swift does not import
    #endif

    /// Asks for a 1 MiB buffer on `descriptor` if it is a pipe.
    public static func enlarge(_ descriptor: Int32) {
        #if os(Linux)
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFIFO else { return }
        _ = fcntl(descriptor, setPipeSize, Int32(1 << 20))
        #endif
    }
}
