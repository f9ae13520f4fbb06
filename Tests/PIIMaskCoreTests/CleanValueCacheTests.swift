import Testing

@testable import PIIMaskCore

/// `CleanValueCache` remembers values a detector set found clean. It must never answer "clean"
/// for a pair it was not given twice, and a masker that uses it must write the same bytes and
/// count the same matches as maskers that start empty.
@Suite("Clean value cache")
struct CleanValueCacheTests {
    static func remember(_ cache: CleanValueCache, _ value: String, _ name: String = "", byShape: Bool = false) {
        let key = cache.key(Array(value.utf8).span, fieldName: Array(name.utf8).span)!
        cache.insert(key, Array(value.utf8).span, fieldName: Array(name.utf8).span, byShape: byShape)
    }

    static func holds(_ cache: CleanValueCache, _ value: String, _ name: String = "") -> Bool {
        let valueBytes = Array(value.utf8)
        let nameBytes = Array(name.utf8)
        guard let key = cache.key(valueBytes.span, fieldName: nameBytes.span) else { return false }
        return cache.contains(key, valueBytes.span, fieldName: nameBytes.span)
    }

    @Test func storesAValueTheSecondTimeItComes() {
        let cache = CleanValueCache(keyedByField: false)
        let agent = "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"
        #expect(!Self.holds(cache, agent))
        Self.remember(cache, agent)
        #expect(!Self.holds(cache, agent), "seen once: only the doorkeeper knows it")
        Self.remember(cache, agent)
        #expect(Self.holds(cache, agent))
        #expect(!Self.holds(cache, agent + " "))
        #expect(!Self.holds(cache, String(agent.dropLast())))
    }

    @Test func aShapeEntryHoldsEveryValueWithTheSameBytesButDigits() {
        let cache = CleanValueCache(keyedByField: true)
        Self.remember(cache, "2024-06-01T00:00:01.598Z", "ts", byShape: true)
        Self.remember(cache, "2024-06-01T00:00:01.598Z", "ts", byShape: true)
        #expect(Self.holds(cache, "2024-06-01T00:00:01.598Z", "ts"))
        #expect(Self.holds(cache, "1999-12-31T23:59:59.999Z", "ts"))
        #expect(!Self.holds(cache, "1999-12-31T23:59:59.999Z", "at"))
        #expect(!Self.holds(cache, "1999-12-31T23:59:59.99Z", "ts"))
        #expect(!Self.holds(cache, "1999-12-31X23:59:59.999Z", "ts"))
        #expect(!Self.holds(cache, "1999-12-31T23:59:59a999Z", "ts"))
        // An exact entry of the same shape holds only its own digits.
        Self.remember(cache, "u_5645704", "id")
        Self.remember(cache, "u_5645704", "id")
        #expect(Self.holds(cache, "u_5645704", "id"))
        #expect(!Self.holds(cache, "u_5645705", "id"))
    }

    /// `foldDigits` on random words of any bytes agrees with folding byte by byte.
    @Test func foldingDigitsWordWiseAgreesWithByteWise() {
        var generator = SeededGenerator(seed: 3)
        for round in 0..<100_000 {
            var bytes = (0..<8).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if round % 2 == 0 { bytes = bytes.map { $0 % 4 == 0 ? 0x30 + $0 % 10 : ($0 % 4 == 1 ? 0x2F + $0 % 12 : $0) } }
            let word = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
            let folded = bytes.map { $0 >= 0x30 && $0 <= 0x39 ? UInt8(0x30) : $0 }
            let expected = folded.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
            #expect(CleanValueCache.foldDigits(word) == expected, "\(bytes)")
        }
    }

    /// The sixteen-lane `foldDigits` (hashing and comparing values of 16 bytes and more) agrees
    /// with folding byte by byte, on random blocks rich in digits and their neighbours.
    @Test func foldingDigitsSixteenLanesAgreesWithByteWise() {
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<20_000 {
            let bytes = (0..<16).map { _ in
                Bool.random(using: &generator) ? UInt8.random(in: 0x2E...0x3B, using: &generator) : UInt8.random(in: 0...255, using: &generator)
            }
            var block = SIMD16<UInt8>()
            for (lane, byte) in bytes.enumerated() { block[lane] = byte }
            let folded = CleanValueCache.foldDigits(block)
            #expect((0..<16).allSatisfy { folded[$0] == (bytes[$0] >= 0x30 && bytes[$0] <= 0x39 ? 0x30 : bytes[$0]) }, "\(bytes)")
        }
    }

    /// `equal` (a stored entry against a value: blocks of 16, or words of 8, the last one
    /// overlapping) finds a difference at any position of a value of any length, and with
    /// `foldingDigits` ignores only which digit a digit is.
    @Test func comparingFindsADifferenceAtEveryPosition() {
        var generator = SeededGenerator(seed: 9)
        for length in 1...CleanValueCache.maxBytes {
            let value = (0..<length).map { _ in Array("0123456789abcXYZ -:./".utf8).randomElement(using: &generator)! }
            let shape = value.map { $0 >= 0x30 && $0 <= 0x39 ? UInt8(0x30) : $0 }
            func equal(_ stored: [UInt8], _ bytes: [UInt8], folding: Bool) -> Bool {
                stored.withUnsafeBytes { CleanValueCache.equal($0.baseAddress!, bytes.span, foldingDigits: folding) }
            }
            #expect(equal(value, value, folding: false))
            #expect(equal(shape, value, folding: true))
            for position in 0..<length {
                var changed = value
                changed[position] = value[position] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
                #expect(!equal(value, changed, folding: false), "length \(length), position \(position)")
                #expect(!equal(shape, changed, folding: true), "length \(length), position \(position)")
                if value[position] >= 0x30 && value[position] <= 0x39 {
                    var otherDigit = value
                    otherDigit[position] = 0x30 + (value[position] - 0x30 + 1) % 10
                    #expect(!equal(value, otherDigit, folding: false))
                    #expect(equal(shape, otherDigit, folding: true))
                }
            }
        }
    }

    @Test func theFieldNameIsPartOfTheKeyOnlyWhenDetectionReadsIt() {
        let keyed = CleanValueCache(keyedByField: true)
        let unkeyed = CleanValueCache(keyedByField: false)
        for _ in 0..<2 {
            Self.remember(keyed, "340020013", "invoice")
            Self.remember(unkeyed, "340020013", "invoice")
        }
        #expect(Self.holds(keyed, "340020013", "invoice"))
        #expect(!Self.holds(keyed, "340020013", "passport"))
        #expect(!Self.holds(keyed, "340020013", ""))
        #expect(Self.holds(unkeyed, "340020013", "passport"))
    }

    @Test func longPairsAreNotCached() {
        let cache = CleanValueCache(keyedByField: true)
        let value = Array(repeating: UInt8(ascii: "a"), count: CleanValueCache.maxBytes - 3)
        #expect(cache.key(value.span, fieldName: Array("abc".utf8).span) != nil)
        #expect(cache.key(value.span, fieldName: Array("abcd".utf8).span) == nil)
    }

    /// Many random pairs remembered once or twice, exactly or by shape, and random queries: a
    /// pair remembered twice is held right after, and a pair is held only if it was remembered
    /// itself or a pair of its shape was remembered by shape.
    @Test func holdsOnlyWhatItWasGiven() {
        let cache = CleanValueCache(keyedByField: true)
        var generator = SeededGenerator(seed: 7)
        func shape(_ value: String) -> String { String(value.map { $0.isASCII && $0.isNumber ? "0" : $0 }) }
        func randomPair() -> [String] {
            let length = Int.random(in: 0...100, using: &generator)
            let value = String((0..<length).map { _ in "0123456789abcXYZ -:./".randomElement(using: &generator)! })
            return [["", "ua", "path", "id"].randomElement(using: &generator)!, value]
        }
        var remembered = Set<[String]>()
        var rememberedShapes = Set<[String]>()
        var held = 0
        for round in 0..<30_000 {
            let pair = randomPair()
            let byShape = round % 3 == 0
            let times = round % 2 == 0 ? 2 : 1
            for _ in 0..<times { Self.remember(cache, pair[1], pair[0], byShape: byShape) }
            remembered.insert(pair)
            if byShape { rememberedShapes.insert([pair[0], shape(pair[1])]) }
            if times == 2 { #expect(Self.holds(cache, pair[1], pair[0]), "\(pair)") }
            let query = randomPair()
            if Self.holds(cache, query[1], query[0]) {
                held += 1
                #expect(remembered.contains(query) || rememberedShapes.contains([query[0], shape(query[1])]), "\(query)")
            }
        }
        #expect(held > 100, "the queries exercise hits (\(held))")
    }

    /// One masker over a stream of records whose values repeat, exactly or in shape (the same
    /// bytes with other digits: card numbers that pass and fail Luhn, Medicare ids whose first
    /// digit a gate reads, AWS key ids whose `A3T` prefix a literal reads, the same digits under a
    /// context key and another), against a fresh masker per record.
    @Test(arguments: ["", "all"])
    func aMaskerWithTheCacheWritesWhatFreshMaskersWrite(_ entities: String) throws {
        let engine = try MaskHarness.engine(.jsonl, entities: entities.isEmpty ? nil : entities)
        let templates = [
            ("ua", "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"),
            ("ua", "python-requests/#.##.#"),
            ("note", "#########"),
            ("passport", "#########"),
            ("passport_number", "US passport #########"),
            ("email", "lars##@example.com"),
            ("path", "/api/v#/reviews/#####"),
            ("card", "################"),
            ("card", "4111111111111111"),
            ("msg", "call +1 (###) ###-#### today"),
            ("ts", "####-##-##T##:##:##.###Z"),
            ("mbi", "#EG4-TE5-MK73"),
            ("key", "A#TXIOSFODNN7EXAMPLE"),
            ("ssn", "###-##-####"),
            ("id", "u_#######"),
        ]
        var generator = SeededGenerator(seed: 11)
        func fill(_ template: String) -> String {
            // A few digit choices per template, so that shapes and exact values both repeat.
            let digits = Int.random(in: 0..<3, using: &generator) == 0 ? "3141592653589793" : "0123456789"
            return String(template.map { $0 == "#" ? digits.randomElement(using: &generator)! : $0 })
        }
        var records: [[UInt8]] = []
        for _ in 0..<3000 {
            let (key, template) = templates.randomElement(using: &generator)!
            let (otherKey, otherTemplate) = templates.randomElement(using: &generator)!
            records.append(Array("{\"\(key)\":\"\(fill(template))\",\"n\":{\"\(otherKey)\":[\"\(fill(otherTemplate))\"]}}".utf8))
        }
        var shared = RecordMasker(engine: engine)
        var freshMatches = 0
        for record in records {
            var sharedOutput: [UInt8] = []
            #expect(shared.maskJSONRecord(record.span, into: &sharedOutput) == .masked)
            var fresh = RecordMasker(engine: engine)
            var freshOutput: [UInt8] = []
            #expect(fresh.maskJSONRecord(record.span, into: &freshOutput) == .masked)
            #expect(String(decoding: sharedOutput, as: UTF8.self) == String(decoding: freshOutput, as: UTF8.self))
            freshMatches += fresh.stats.matches.reduce(0, +)
        }
        #expect(shared.stats.matches.reduce(0, +) == freshMatches)
        #expect(freshMatches > 1000)
    }
}
