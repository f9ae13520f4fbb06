#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import SystemPackage

/// Writes pieces of two buffers, in order, with `writev(2)`: a chunk's masked output and the
/// unchanged records that pass through from its input (see `PassThrough`), with no copy into one
/// buffer first. The tool's only use of `iovec`.
enum GatherWrite {
    /// A range of the input buffer (`fromInput`) or of the output buffer.
    typealias Piece = (fromInput: Bool, range: Range<Int>)

    /// The most vectors one call takes (IOV_MAX on Linux and macOS).
    static let maxVectors = 1024

    /// Writes `pieces` to `descriptor`, resuming after partial writes and interruptions.
    ///
    /// - Throws: `Errno` when a write fails.
    static func write(_ pieces: [Piece], output: [UInt8], input: [UInt8], to descriptor: FileDescriptor) throws {
        try write(pieces, output: output, input: input) { vectors in
            let written = writev(descriptor.rawValue, vectors.baseAddress, Int32(vectors.count))
            return written >= 0 ? written : -Int(errno)
        }
    }

    /// `write(_:output:input:to:)` through `send`, which writes some of the vectors' bytes in
    /// order and returns how many, or minus an errno value (tests pass a fake).
    static func write(
        _ pieces: [Piece], output: [UInt8], input: [UInt8], send: (UnsafeMutableBufferPointer<iovec>) -> Int
    ) throws {
        try output.withUnsafeBytes { outputBytes in
            try input.withUnsafeBytes { inputBytes in
                var vectors: [iovec] = []
                vectors.reserveCapacity(min(pieces.count, maxVectors))
                var next = 0
                while next < pieces.count {
                    vectors.removeAll(keepingCapacity: true)
                    while next < pieces.count && vectors.count < maxVectors {
                        let piece = pieces[next]
                        next += 1
                        guard !piece.range.isEmpty else { continue }
                        // SAFETY: `range` lies within its buffer (a `PassThrough` run or the output
                        // written so far), which is non-empty and outlives the calls below.
                        let base = (piece.fromInput ? inputBytes : outputBytes).baseAddress! + piece.range.lowerBound
                        vectors.append(iovec(iov_base: UnsafeMutableRawPointer(mutating: base), iov_len: piece.range.count))
                    }
                    try vectors.withUnsafeMutableBufferPointer { try sendAll($0, send: send) }
                }
            }
        }
    }

    /// Sends every byte of `vectors`, advancing past what each call wrote.
    private static func sendAll(_ vectors: UnsafeMutableBufferPointer<iovec>, send: (UnsafeMutableBufferPointer<iovec>) -> Int) throws {
        var first = 0
        while first < vectors.count {
            let written = send(UnsafeMutableBufferPointer(rebasing: vectors[first...]))
            if written < 0 {
                let error = Errno(rawValue: Int32(-written))
                if error == .interrupted { continue }
                throw error
            }
            guard written > 0 else { throw Errno.ioError }
            var left = written
            while first < vectors.count && left >= vectors[first].iov_len {
                left -= vectors[first].iov_len
                first += 1
            }
            if left > 0 {
                vectors[first].iov_base += left
                vectors[first].iov_len -= left
            }
        }
    }
}
