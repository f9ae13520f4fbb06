import Testing

@testable import PIIMaskCore

/// The reader's cutting of inputs into jobs: whole records, and records over --max-record-bytes.
@Suite("Chunk reader")
struct ChunkReaderTests {
    /// The jobs a reader makes of `input`: kind and bytes.
    static func jobs(
        _ input: [UInt8], engine: MaskingEngine, threads: Int = 1, chunkSize: Int, readSize: Int
    ) throws -> [(Job.Kind, [UInt8])] {
        var reader = ChunkReader(engine: engine, settings: PipelineSettings(threads: threads, chunkSize: chunkSize),
                                 inputs: [InputSource(name: "t", bytes: input, readSize: readSize)]) { Job() }
        var result: [(Job.Kind, [UInt8])] = []
        while let job = try reader.next() { result.append((job.kind, Array(job.input[0..<job.count]))) }
        return result
    }

    /// Regression: when the end of the input arrived in the same read as the end of an oversized
    /// record (a file read in large blocks), every record after it became part of the oversized
    /// record: dropped with it under --on-error drop, never parsed under mask.
    @Test(arguments: [ErrorPolicy.drop, .mask])
    func regressionRecordsAfterOversizedRecordLostAtEndOfInput(policy: ErrorPolicy) throws {
        let engine = try MaskHarness.engine(.jsonl, onError: policy) { $0.maxRecordBytes = 200_000 }
        let big = #"{"big":""# + String(repeating: "x", count: 2_000_000) + #""}"#
        let input = Array(("{\"a\":\"a@b.io\"}\n" + big + "\n{\"b\":\"c@d.io\"}\n{\"c\":3}").utf8)
        for threads in [1, 2] {
            let run = try MaskHarness.run([input], engine: engine, threads: threads, chunkSize: 64 << 10, readSize: input.count)
            #expect(run.issues.map(\.issue.line) == [2])
            #expect(run.summary.stats.recordsIn == 4)
            if policy == .drop {
                #expect(run.text == "{\"a\":\"[EMAIL]\"}\n{\"b\":\"[EMAIL]\"}\n{\"c\":3}")
            } else {
                #expect(run.text.hasSuffix("\n{\"b\":\"[EMAIL]\"}\n{\"c\":3}"))
                #expect(run.output.count == input.count + 2)  // two 6-byte emails became [EMAIL]
            }
        }
    }

    /// Regression: with a chunk larger than --max-record-bytes, a record without an end (an
    /// unterminated CSV quote) grew to the chunk size before it was cut, not to the limit.
    @Test func regressionOversizedRecordCutAtChunkSizeNotAtLimit() throws {
        let engine = try MaskHarness.engine(.csv) { $0.maxRecordBytes = 200_000 }
        var text = "id,email,note\n1,a@example.com,\"unterminated\n"
        for index in 0..<40_000 { text += "\(index),user\(index)@example.com,plain note\n" }
        let input = Array(text.utf8)
        let jobs = try Self.jobs(input, engine: engine, chunkSize: 1 << 20, readSize: 1 << 20)
        let oversized = jobs.filter { if case .oversizedPiece = $0.0 { true } else { false } }
        #expect(oversized.first.map { $0.1.count <= 200_000 } == true)
        #expect(jobs.map(\.1.count).reduce(0, +) == input.count)
        // The oversized record ends at a line end; the lines after it are records again.
        let run = try MaskHarness.run([input], engine: engine, readSize: 1 << 20)
        #expect(run.issues.count == 1)
        #expect(run.summary.stats.recordsIn > 30_000)
        #expect(!run.text.contains("@example.com"))
    }

    @Test("chunks start at 64 KiB and double while reads fill them, up to the chunk size")
    func chunksGrowToChunkSize() throws {
        let engine = try MaskHarness.engine(.jsonl)
        let record = Array("{\"msg\":\"\(String(repeating: "x", count: 89))\"}\n".utf8)  // 100 bytes
        let input = Array(repeatElement(record, count: 20_000).joined())
        let sizes = try Self.jobs(input, engine: engine, chunkSize: 256 << 10, readSize: 1 << 20).map(\.1.count)
        #expect(sizes.reduce(0, +) == input.count)
        #expect(sizes.allSatisfy { $0 % record.count == 0 })
        // Each chunk is its buffer less the partial record at its end.
        #expect(Array(sizes.prefix(4)) == [65_500, 131_000, 262_100, 262_100])
        #expect(sizes.dropFirst(2).dropLast().allSatisfy { $0 == 262_100 })
    }

    @Test("with several workers, the end of an input of known size is shared out evenly")
    func tailSharedBetweenWorkers() throws {
        let engine = try MaskHarness.engine(.jsonl)
        let record = Array("{\"msg\":\"\(String(repeating: "x", count: 89))\"}\n".utf8)  // 100 bytes
        let input = Array(repeatElement(record, count: 30_000).joined())  // 3,000,000 bytes
        for threads in [2, 3] {
            let sizes = try Self.jobs(input, engine: engine, threads: threads, chunkSize: 1 << 20, readSize: 1 << 20).map(\.1.count)
            #expect(sizes.reduce(0, +) == input.count)
            #expect(sizes.allSatisfy { $0 % record.count == 0 && $0 <= 1 << 20 })
            // The chunks start at 64 KiB and double (982,800 bytes in the first four); the
            // remaining 2,017,200 bytes do not fill `threads` whole 1 MiB chunks, so they are
            // shared out: `threads` chunks of nearly equal size, not full chunks and a remnant.
            #expect(Array(sizes.prefix(4)) == [65_500, 131_000, 262_100, 524_200])
            let tail = Array(sizes.dropFirst(4))
            #expect(tail.count == threads, "\(tail)")
            #expect(tail.max()! - tail.min()! <= 2 * record.count, "\(tail)")
        }
        // One thread reads whole chunks to the end.
        let single = try Self.jobs(input, engine: engine, chunkSize: 1 << 20, readSize: 1 << 20).map(\.1.count)
        #expect(Array(single.dropFirst(4)) == [1_048_500, 968_700])
    }

    @Test("jobs hold whole records: JSON Lines at line ends, CSV outside quoted fields")
    func wholeRecords() throws {
        let csv = try MaskHarness.engine(.csv)
        let input = Array("a,b\n1,\"x\ny\"\n2,\"\"\"q\n\"\n3,4\n".utf8)
        for size in [1, 2, 5] {
            let jobs = try Self.jobs(input, engine: csv, chunkSize: size, readSize: size)
            #expect(jobs.flatMap(\.1) == input)
            for (_, bytes) in jobs {
                let text = String(decoding: bytes, as: UTF8.self)
                #expect(["a,b\n", "1,\"x\ny\"\n", "2,\"\"\"q\n\"\n", "3,4\n"].contains(text) || text.hasSuffix("\n"), "\(text)")
                #expect(text.utf8.count(where: { $0 == UInt8(ascii: "\"") }) % 2 == 0, "a job cut inside quotes: \(text)")
            }
        }
    }
}
