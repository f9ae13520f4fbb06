import Foundation
import SystemPackage
import Testing

@testable import PIIMaskCore

#if canImport(Glibc)
import Glibc
#endif

/// Unchanged records written from the input buffer (`PassThrough`, `GatherWrite`) must give the
/// bytes, counts and issues that copying every record gives.
@Suite("Pass-through of unchanged records")
struct PassThroughTests {
    /// Lines of every kind the line loop treats differently.
    static let lines = [
        #"{"a":1,"b":"plain"}"#, #"{"e":"x@example.com"}"#, "", "  ", #"{"bad""#, #"{"card":"4111 1111 1111 1111"}"#,
        #"{"n":null}"#, #"["a@b.io"]"#, #""lone""#, #"{"k":"v"}"# + "\r", "not json a@b.io", #"{"u":"\u0041"}"#,
    ]

    /// Random records of `lines`, newline-separated, sometimes without a final newline.
    static func input(_ random: inout SeededGenerator) -> [UInt8] {
        let count = Int.random(in: 0...30, using: &random)
        var text = (0..<count).map { _ in lines.randomElement(using: &random)! }.joined(separator: "\n")
        if count > 0 && Bool.random(using: &random) { text += "\n" }
        return Array(text.utf8)
    }

    @Test(arguments: [ErrorPolicy.mask, .drop, .fail], [RecordFormat.jsonl, .text])
    func sameBytesAsCopying(policy: ErrorPolicy, format: RecordFormat) throws {
        let engine = try MaskHarness.engine(format, onError: policy)
        var random = SeededGenerator(seed: 7)
        var passedSome = false
        for _ in 0..<300 {
            let input = Self.input(&random)
            var copying = RecordMasker(engine: engine)
            var copied: [UInt8] = []
            let copyOutcome = copying.mask(chunk: input.span, startsFile: true, header: nil, into: &copied)

            var passing = RecordMasker(engine: engine)
            var output: [UInt8] = []
            var passThrough = PassThrough(isEnabled: true)
            let outcome = passing.mask(chunk: input.span, startsFile: true, header: nil, into: &output, passing: &passThrough)
            let assembled = passThrough.assemble(output: output, input: input)

            // (The lines are ASCII: compared as text, a failure shows readable records.)
            #expect(String(decoding: assembled, as: UTF8.self) == String(decoding: copied, as: UTF8.self))
            #expect(outcome == copyOutcome)
            #expect(passing.stats == copying.stats)
            passedSome = passedSome || !passThrough.runs.isEmpty
            // Every byte that passes through is an unchanged byte of the input, in input order.
            var previousEnd = 0
            for run in passThrough.runs {
                #expect(run.input.lowerBound >= previousEnd && run.input.upperBound <= input.count)
                #expect(run.before <= output.count)
                previousEnd = run.input.upperBound
            }
        }
        #expect(passedSome)
    }

    @Test func consecutiveUnchangedRecordsMakeOneRun() throws {
        let engine = try MaskHarness.engine(.jsonl)
        let input = Array("{\"a\":1}\n{\"b\":2}\n{\"e\":\"x@example.com\"}\n{\"c\":3}\n{\"d\":4}".utf8)
        var masker = RecordMasker(engine: engine)
        var output: [UInt8] = []
        var passThrough = PassThrough(isEnabled: true)
        _ = masker.mask(chunk: input.span, startsFile: true, header: nil, into: &output, passing: &passThrough)
        #expect(String(decoding: output, as: UTF8.self) == "{\"e\":\"[EMAIL]\"}\n")
        #expect(passThrough.runs == [PassThrough.Run(before: 0, input: 0..<16), PassThrough.Run(before: 16, input: 38..<53)])
    }

    @Test func aDroppedRecordSplitsARun() {
        var passThrough = PassThrough(isEnabled: true)
        passThrough.pass(0..<5, outputCount: 0)
        passThrough.pass(5..<9, outputCount: 0)
        passThrough.pass(12..<20, outputCount: 0)  // 9..<12 was dropped
        passThrough.close(before: 3)
        #expect(passThrough.runs == [PassThrough.Run(before: 0, input: 0..<9), PassThrough.Run(before: 3, input: 12..<20)])
        #expect(passThrough.pieces(outputCount: 7).map(\.range) == [0..<9, 0..<3, 12..<20, 3..<7])
    }

    /// Pieces of two buffers, and what writing them must produce.
    static func pieces(_ random: inout SeededGenerator, output: [UInt8], input: [UInt8]) -> ([GatherWrite.Piece], [UInt8]) {
        var pieces: [GatherWrite.Piece] = []
        var expected: [UInt8] = []
        for _ in 0..<Int.random(in: 0...2_500, using: &random) {
            let fromInput = Bool.random(using: &random)
            let buffer = fromInput ? input : output
            let start = Int.random(in: 0...buffer.count, using: &random)
            let range = start..<Int.random(in: start...min(buffer.count, start + 40), using: &random)
            pieces.append((fromInput, range))
            expected += buffer[range]
        }
        return (pieces, expected)
    }

    @Test("partial and interrupted writes resume where they stopped, over more than IOV_MAX pieces")
    func gatherWriteResumes() throws {
        var random = SeededGenerator(seed: 11)
        let output = (0..<3_000).map { UInt8(truncatingIfNeeded: $0) }
        let input = (0..<5_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        for _ in 0..<40 {
            let (pieces, expected) = Self.pieces(&random, output: output, input: input)
            var written: [UInt8] = []
            var calls = 0
            try GatherWrite.write(pieces, output: output, input: input) { vectors in
                calls += 1
                #expect(vectors.count <= GatherWrite.maxVectors)
                if calls % 5 == 0 { return -Int(EINTR) }
                var budget = Int.random(in: 1...300, using: &random)
                var total = 0
                for vector in vectors where budget > 0 {
                    let take = min(budget, vector.iov_len)
                    let bytes = UnsafeRawBufferPointer(start: vector.iov_base, count: take)
                    written += bytes
                    budget -= take
                    total += take
                    if take < vector.iov_len { break }
                }
                return total
            }
            #expect(written == expected)
        }
    }

    @Test func gatherWriteReportsAFailure() {
        #expect(throws: Errno.noSpace) {
            try GatherWrite.write([(false, 0..<3)], output: [1, 2, 3], input: []) { _ in -Int(ENOSPC) }
        }
    }

    @Test func gatherWriteToAFile() throws {
        var random = SeededGenerator(seed: 5)
        let output = Array("the masked output ".utf8)
        let input = Array("unchanged records of the input ".utf8)
        let (pieces, expected) = Self.pieces(&random, output: output, input: input)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gather-\(getpid()).out").path
        defer { unlink(path) }
        let descriptor = try FileDescriptor.open(FilePath(path), .writeOnly, options: [.create, .truncate], permissions: .ownerReadWrite)
        try GatherWrite.write(pieces, output: output, input: input, to: descriptor)
        try descriptor.close()
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == expected)
    }
}
