import Testing

@testable import PIIMaskCore

/// `CleanValueCache` remembers values a detector set found clean. It must never answer "clean"
/// for a pair it was not given twice, and a masker that uses it must write the same bytes and
/// count the same matches as maskers that start empty.
@Suite("Clean value cache")
struct CleanValueCacheTests {
    static func remember(_ cache: CleanValueCache, _ value: String, _ name: String = "") {
        let key = cache.key(Array(value.utf8).span, fieldName: Array(name.utf8).span)!
        cache.insert(key, Array(value.utf8).span, fieldName: Array(name.utf8).span)
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

    /// Many random values, each given once or twice: a pair given twice is held right after,
    /// and no pair that only ever came once is held at the end.
    @Test func neverHoldsAValueGivenOnce() {
        let cache = CleanValueCache(keyedByField: true)
        var generator = SeededGenerator(seed: 7)
        var givenTwice = Set<[String]>()
        var givenOnce: [[String]] = []
        for round in 0..<20_000 {
            let length = Int.random(in: 0...40, using: &generator)
            let value = String((0..<length).map { _ in "0123456789abcXYZ -:./".randomElement(using: &generator)! })
            let name = ["", "ua", "path", "id"].randomElement(using: &generator)!
            Self.remember(cache, value, name)
            if round % 2 == 0 {
                Self.remember(cache, value, name)
                #expect(Self.holds(cache, value, name))
                givenTwice.insert([name, value])
            } else {
                givenOnce.append([name, value])
            }
        }
        let timesGivenOnce = Dictionary(givenOnce.map { ($0, 1) }, uniquingKeysWith: +)
        let onlyOnce = givenOnce.filter { !givenTwice.contains($0) && timesGivenOnce[$0] == 1 }
        #expect(onlyOnce.count > 5_000)
        for pair in onlyOnce { #expect(!Self.holds(cache, pair[1], pair[0]), "\(pair)") }
    }

    /// One masker over a stream of records whose values repeat (clean ones, ones with PII, and
    /// the same digits under a context key and under another) against a fresh masker per record.
    @Test(arguments: ["", "all"])
    func aMaskerWithTheCacheWritesWhatFreshMaskersWrite(_ entities: String) throws {
        let engine = try MaskHarness.engine(.jsonl, entities: entities.isEmpty ? nil : entities)
        let values = [
            ("ua", "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"),
            ("ua", "python-requests/2.31.0"),
            ("note", "340020013"),
            ("passport", "340020013"),
            ("passport_number", "US passport 340020013"),
            ("email", "lars31@example.com"),
            ("path", "/api/v3/reviews/32794"),
            ("card", "5269829795715686"),
            ("msg", "call +1 (202) 555-0143 today"),
            ("ts", "2024-06-01T00:00:01.598Z"),
        ]
        var generator = SeededGenerator(seed: 11)
        var records: [[UInt8]] = []
        for _ in 0..<400 {
            let (key, value) = values.randomElement(using: &generator)!
            let (otherKey, otherValue) = values.randomElement(using: &generator)!
            records.append(Array("{\"\(key)\":\"\(value)\",\"n\":{\"\(otherKey)\":[\"\(otherValue)\"]}}".utf8))
        }
        var shared = RecordMasker(engine: engine)
        var sharedMatches = 0
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
        sharedMatches = shared.stats.matches.reduce(0, +)
        #expect(sharedMatches == freshMatches)
        #expect(freshMatches > 0)
    }
}
