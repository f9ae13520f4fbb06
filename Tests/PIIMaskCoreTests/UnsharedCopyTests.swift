import Testing

@testable import PIIMaskCore

/// Workers must not share the buffers they bind per value (see UnsharedCopy.swift): two maskers
/// made from one engine hold the replacement texts and CSV column names in buffers of their own.
@Suite("Unshared copies")
struct UnsharedCopyTests {
    static func address(_ bytes: [UInt8]) -> UnsafeRawPointer? {
        bytes.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }

    @Test("an unshared copy has the same elements in another buffer")
    func copy() {
        let original: [UInt8] = Array("[EMAIL]".utf8)
        let plain = original
        let unshared = original.unsharedCopy()
        #expect(unshared == original)
        #expect(Self.address(plain) == Self.address(original))
        #expect(Self.address(unshared) != Self.address(original))
        #expect([UInt8]().unsharedCopy().isEmpty)
    }

    @Test("two maskers of one engine do not share replacement texts or column names")
    func maskers() throws {
        let plan = try MaskingHarness.plan(rules: MaskingHarness.fieldRule("b", "action: redact\ntext: '[B]'"))
        let engine = try MaskingEngine(plan: plan, options: MaskingOptions(format: .csv))
        var first = RecordMasker(engine: engine)
        var second = RecordMasker(engine: engine)
        let span = try #require(first.spanReplacements[0].first ?? nil)
        let otherSpan = try #require(second.spanReplacements[0].first ?? nil)
        #expect(span == otherSpan)
        #expect(Self.address(span) != Self.address(otherSpan))
        let rule = try #require(first.ruleReplacements[0])
        #expect(Self.address(rule) != Self.address(try #require(second.ruleReplacements[0])))

        // One header, as the reader hands it to every job of an input.
        let bytes = Array("a,b\n".utf8)
        let parsed = CSVHeader(parsing: bytes.span, dialect: .comma)
        let header = try #require(parsed)
        var output: [UInt8] = []
        let chunk = Array("a,b\nx@y.io,2\n".utf8)
        _ = first.mask(chunk: chunk.span, startsFile: true, header: header, into: &output)
        _ = second.mask(chunk: chunk.span, startsFile: true, header: header, into: &output)
        #expect(first.csvColumns.name(0) == Array("a".utf8))
        #expect(Self.address(first.csvColumns.name(0)) != Self.address(second.csvColumns.name(0)))
        #expect(Self.address(first.csvColumns.name(0)) != Self.address(header.names[0]))
    }

    @Test("a worker's copies of the action applier and character classes give the same outputs")
    func actionCopies() throws {
        let original = ActionApplier(hashKey: Array("k3y".utf8))
        let copy = ActionApplier(copying: original)
        let scratch = RegexScratch()
        let only = try ByteClass("[0-9]")
        let onlyCopy = ByteClass(copying: only)
        let actions: [MaskAction] = [
            .hash(HashOptions()), .hash(HashOptions(length: 8, prefix: "h:")), .pseudonym,
            .partial(PartialMask(keepLeft: 0, keepRight: 4, maskChar: "*", only: "[0-9]")),
        ]
        for value in ["ann@example.com", "4111 1111 1111 1111", "José Müller", ""] {
            for action in actions {
                var first: [UInt8] = []
                var second: [UInt8] = []
                original.apply(action, to: Array(value.utf8).span, entity: "E", partialClass: only, scratch: scratch, into: &first)
                copy.apply(action, to: Array(value.utf8).span, entity: "E", partialClass: onlyCopy, scratch: scratch, into: &second)
                #expect(first == second, "\(action) of \(value)")
            }
        }
        for character in ["7", "a", "é", "٣"] {
            let bytes = Array(character.utf8)
            #expect(only.contains(bytes.span, scratch: scratch) == onlyCopy.contains(bytes.span, scratch: scratch))
        }
    }
}
