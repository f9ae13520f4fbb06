import Testing

@testable import PIIMaskCore

/// Prefilters may only skip values the regex cannot match: a prefilter that rejects a real match
/// leaks PII. Each entity's prefilter is checked against its own regex on thousands of seeded
/// mutations of its mask examples, and the byte-level searches under the prefilters against
/// naive reference implementations.
@Suite("Prefilters")
struct PrefilterTests {
    static let library: PatternLibrary = {
        do { return try PatternLibrary.builtin() } catch { fatalError("built-in library: \(error)") }
    }()

    /// Bytes that mutations insert: the separators, letters and digits the patterns care about.
    static let alphabet: [UInt8] = Array("0123456789 -./:_@ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+=()#".utf8)

    /// A mask example with a few random edits, between random text.
    static func mutation(of example: [UInt8], using generator: inout SeededGenerator) -> [UInt8] {
        var value = example
        for _ in 0..<Int.random(in: 0...3, using: &generator) where !value.isEmpty {
            let at = Int.random(in: 0..<value.count, using: &generator)
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: value[at] = alphabet.randomElement(using: &generator)!
            case 1: value.remove(at: at)
            default: value.insert(alphabet.randomElement(using: &generator)!, at: at)
            }
        }
        let prefix = (0..<Int.random(in: 0...6, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
        let suffix = (0..<Int.random(in: 0...6, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
        return prefix + value + suffix
    }

    @Test(arguments: library.definitions.map(\.name))
    func prefilterNeverRejectsAValidatedMatch(_ name: String) throws {
        var definition = try #require(Self.library.definition(named: name))
        let regex = try CompiledRegex(definition.pattern, caseless: definition.caseless)
        let validator = definition.validator.flatMap(Validator.named)
        // Without context, the set finds something exactly when the prefilters pass and the
        // regex finds a match that the validator accepts.
        definition.context = nil
        let set = try DetectorSet([definition])
        let scratch = RegexScratch()
        var generator = SeededGenerator(seed: UInt64(name.utf8.reduce(5381) { ($0 &* 33) &+ Int($1) }.magnitude))
        var matches: [EntityMatch] = []
        var accepted = 0
        for round in 0..<3000 {
            let example = Array(definition.maskExamples[round % definition.maskExamples.count].utf8)
            let value = Self.mutation(of: example, using: &generator)
            guard Self.hasValidatedMatch(value, regex: regex, validator: validator, scratch: scratch) else { continue }
            accepted += 1
            let outcome = set.detect(in: value.span, fieldName: [UInt8]().span, scratch: scratch, into: &matches)
            #expect(outcome == .found, "prefilter of \(name) rejects \(String(decoding: value, as: UTF8.self).debugDescription)")
        }
        #expect(accepted > 300, "the mutations exercise the pattern (\(accepted) validated matches)")
    }

    /// A value that `runsRuleOut` turns away (too short a stretch of digits for every detector
    /// without trigger bytes) is one `detect` finds clean, for the default set, the whole library
    /// and each type alone; and it does turn away hex ids while keeping card numbers.
    @Test func runsRuleOutOnlyWhatDetectFindsClean() throws {
        let sets = try [DetectorSet(Self.library.defaultSelection), DetectorSet(Self.library.definitions)]
            + Self.library.definitions.map { try DetectorSet([$0]) }
        let scratch = RegexScratch()
        var matches: [EntityMatch] = []
        var generator = SeededGenerator(seed: 2718)
        let hex = Array("0123456789abcdef".utf8)
        var values: [[UInt8]] = []
        for definition in Self.library.definitions {
            for example in definition.maskExamples + definition.keepExamples {
                for _ in 0..<8 { values.append(Self.mutation(of: Array(example.utf8), using: &generator)) }
            }
        }
        for _ in 0..<400 { values.append((0..<Int.random(in: 8...40, using: &generator)).map { _ in hex.randomElement(using: &generator)! }) }
        var ruledOut = 0
        for set in sets {
            for value in values {
                let profile = set.table.profile(value.span)
                guard !set.cannotMatch(profile), set.runsRuleOut(profile, value.span) else { continue }
                ruledOut += 1
                let outcome = set.detect(in: value.span, fieldName: [UInt8]().span, scratch: scratch, into: &matches)
                #expect(outcome == .clean,
                        "\(String(decoding: value, as: UTF8.self).debugDescription) ruled out, but detect finds \(matches)")
            }
        }
        #expect(ruledOut > 1000)
        let defaults = sets[0]
        let traceId = Array("d13a5bf0da1b195060c40eb788718c96".utf8)
        let traceIdRuledOut = defaults.runsRuleOut(defaults.table.profile(traceId.span), traceId.span)
        #expect(traceIdRuledOut)
        let card = Array("card 4111 1111 1111 1111".utf8)
        let cardRuledOut = defaults.runsRuleOut(defaults.table.profile(card.span), card.span)
        #expect(!cardRuledOut)
    }

    /// What the JSON loops ask before the clean-value lookup (`cannotMatch(_:in:from:to:)`, which
    /// also weighs the counts of the detectors that a value's trigger bytes admit) rules out only
    /// values `detect` finds clean, for the default set, the whole library and each type alone;
    /// and it turns away short host and service names while keeping addresses.
    @Test func jsonLoopsRuleOutOnlyWhatDetectFindsClean() throws {
        let sets = try [DetectorSet(Self.library.defaultSelection), DetectorSet(Self.library.definitions)]
            + Self.library.definitions.map { try DetectorSet([$0]) }
        let scratch = RegexScratch()
        var matches: [EntityMatch] = []
        var generator = SeededGenerator(seed: 1618)
        var values: [[UInt8]] = []
        for definition in Self.library.definitions {
            for example in definition.maskExamples + definition.keepExamples {
                for _ in 0..<8 { values.append(Self.mutation(of: Array(example.utf8), using: &generator)) }
            }
        }
        var ruledOutWithTriggers = 0
        for set in sets {
            for value in values {
                let profile = set.table.profile(value.span)
                guard set.cannotMatch(profile, in: value.span, from: 0, to: value.count) else { continue }
                if !set.cannotMatch(profile) { ruledOutWithTriggers += 1 }
                let outcome = set.detect(in: value.span, fieldName: [UInt8]().span, scratch: scratch, into: &matches)
                #expect(outcome == .clean,
                        "\(String(decoding: value, as: UTF8.self).debugDescription) ruled out, but detect finds \(matches)")
            }
        }
        #expect(ruledOutWithTriggers > 500)
        let defaults = sets[0]
        func ruledOut(_ text: String) -> Bool {
            let value = Array(text.utf8)
            return defaults.cannotMatch(defaults.table.profile(value.span), in: value.span, from: 0, to: value.count)
        }
        for name in ["api-13", "user-profile", "us-east", "example.com", "x:y"] { #expect(ruledOut(name), "\(name)") }
        for address in ["10.0.0.1", "0a:1b:2c:3d:4e:5f", "0a-1b-2c-3d-4e-5f", "a@b.co", "fe80::1"] {
            #expect(!ruledOut(address), "\(address)")
        }
    }

    /// The reference: every regex match in `value`, checked by the validator.
    static func hasValidatedMatch(_ value: [UInt8], regex: CompiledRegex, validator: Validator?, scratch: RegexScratch) -> Bool {
        var start = 0
        while start <= value.count {
            guard case .found(let range) = regex.firstMatch(in: value.span, from: start, scratch: scratch) else { return false }
            if !range.isEmpty && (validator?.accepts(value.span.extracting(range)) ?? true) { return true }
            start = range.isEmpty ? range.upperBound + 1 : range.upperBound
        }
        return false
    }

    /// Phone numbers the E.164 branch matches with `) (` between digit groups: three separator
    /// bytes, which a digit run must bridge (it bridged two, and these passed unmasked).
    @Test(arguments: ["+44 (20) (7946) 0958", "+33 (1) (23) 45 67 89"])
    func phoneNumbersWithBracketedGroupsAreFound(_ text: String) throws {
        let definition = try #require(Self.library.definition(named: "PHONE_NUMBER"))
        let set = try DetectorSet([definition])
        var matches: [EntityMatch] = []
        let bytes = Array(text.utf8)
        let outcome = set.detect(in: bytes.span, fieldName: [UInt8]().span, scratch: RegexScratch(), into: &matches)
        #expect(outcome == .found)
    }

    /// The whole library's set finds, for every mutated example, what the entity's own set finds
    /// (the shared gate answers, the per-trigger-bit dispatch and the loops' early stops lose nothing).
    @Test func wholeLibraryFindsWhatEachPatternFinds() throws {
        let all = try DetectorSet(Self.library.definitions)
        let scratch = RegexScratch()
        var single: [EntityMatch] = []
        var found: [EntityMatch] = []
        var checked = 0
        for definition in Self.library.definitions {
            let set = try DetectorSet([definition])
            var generator = SeededGenerator(seed: UInt64(definition.name.utf8.count &* 7919))
            for round in 0..<500 {
                let example = Array(definition.maskExamples[round % definition.maskExamples.count].utf8)
                let value = Self.mutation(of: example, using: &generator)
                guard set.detect(in: value.span, fieldName: [UInt8]().span, scratch: scratch, into: &single) == .found else { continue }
                checked += 1
                let outcome = all.detect(in: value.span, fieldName: [UInt8]().span, scratch: scratch, into: &found)
                let covered = single.allSatisfy { match in found.contains { $0.range.overlaps(match.range) } }
                #expect(outcome == .found && covered, "\(definition.name): \(String(decoding: value, as: UTF8.self).debugDescription)")
            }
        }
        #expect(checked > 5000)
    }

    @Test func digitRunsCountBridgedAndPlainRuns() {
        let table = ByteProfileTable(specs: [])
        let cases: [(String, DigitRuns)] = [
            ("", DigitRuns(bridged: 0, plain: 0)),
            ("abc", DigitRuns(bridged: 0, plain: 0)),
            ("(202) 555-0143", DigitRuns(bridged: 10, plain: 4)),
            ("2024-06-01T10:00", DigitRuns(bridged: 8, plain: 4)),
            ("id 1234567 and 12", DigitRuns(bridged: 7, plain: 7)),
            ("1 - - 2", DigitRuns(bridged: 1, plain: 1)),
            ("+44 (20) (7946) 0958", DigitRuns(bridged: 12, plain: 4)),
            ("12--34", DigitRuns(bridged: 4, plain: 2)),
        ]
        for (text, expected) in cases {
            let runs = table.digitRuns(Array(text.utf8).span)
            #expect(runs == expected, "\(text)")
        }
    }

    /// The run-by-run pass gives `digitRuns`'s runs, and word-start runs as a naive search over
    /// every word start finds them.
    @Test func wordStartRunsAgreeWithNaiveSearch() {
        let table = ByteProfileTable(specs: [])
        let pieces = Array("0123456789 -.()+_/:aBxZ".utf8) + [0xC3, 0xA9]
        var generator = SeededGenerator(seed: 91)
        for iteration in 0..<30000 {
            // Short values byte by byte, 16 to 64 bytes by their digit bits, longer byte by byte.
            let length = iteration % 3 == 0 ? Int.random(in: 0...24, using: &generator) : Int.random(in: 0...90, using: &generator)
            let text = (0..<length).map { _ in pieces.randomElement(using: &generator)! }
            let runs = table.digitRunsWithWordStarts(text.span)
            let plain = table.digitRuns(text.span)
            let naive = Self.naiveWordStartRuns(text)
            let naiveAll = Self.naiveWordStartRuns(text, fromEveryDigit: true)
            #expect(plain.bridged == naiveAll.bridged && plain.plain == naiveAll.plain, "\(text)")
            #expect(runs.bridged == plain.bridged && runs.plain == plain.plain, "\(text)")
            #expect(runs.wordBridged == naive.bridged && runs.wordPlain == naive.plain, "\(text)")
        }
        let cases: [(String, Int, Int)] = [
            ("d13a5bf0da1b195060c40eb788718c96", 2, 2), ("u_5645704", 0, 0), ("QQ123456C", 6, 6),
            ("X-1234567-L", 7, 7), ("abc1234567", 0, 0), ("ab12-345678", 8, 6), ("abc12-345678", 6, 6),
        ]
        for (text, bridged, plain) in cases {
            let runs = table.digitRunsWithWordStarts(Array(text.utf8).span)
            #expect(runs.wordBridged == bridged && runs.wordPlain == plain, "\(text)")
        }
    }

    /// A value's class bits (16 bytes per vector compare, the last block overlapping) are the
    /// bytes a byte-by-byte test admits, and the run queries on them agree with naive ones.
    /// The separator census read from bit masks (values of 16 to 64 bytes) agrees with the byte
    /// loop, on values made of separators, hex digits and letters, at every length around the
    /// 16-byte blocks.
    @Test func separatorCensusAgreesWithByteLoop() {
        let pieces = Array("..::--0a9F.:-x ".utf8)
        var generator = SeededGenerator(seed: 606)
        var fromBits = 0
        for _ in 0..<8000 {
            let count = Int.random(in: 0...80, using: &generator)
            let text = (0..<count).map { _ in pieces.randomElement(using: &generator)! }
            if (16...64).contains(count) { fromBits += 1 }
            #expect(SeparatorCensus(text.span) == SeparatorCensus.byteByByte(text.span), "\(String(decoding: text, as: UTF8.self))")
        }
        #expect(fromBits > 3000)
        for text in ["0012.3456.789a.bbbb", "fe80::1 and then some text", "2024-06-01T00:00:01.598Z"] {
            #expect(SeparatorCensus(Array(text.utf8).span) == SeparatorCensus.byteByByte(Array(text.utf8).span))
        }
        #expect(SeparatorCensus(Array("0012.3456.789a.bbbb".utf8).span).dotsFiveApart)
        #expect(SeparatorCensus(Array("fe80::1 and then some text".utf8).span).doubleColon)
    }

    @Test func valueBitsAgreeWithByteTests() {
        let pieces = Array("0123456789 -.()+'*,/:@AZaz_[`{".utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xE1, 0xFA, 0xFB]
        func naiveBits(_ text: [UInt8], _ admits: (UInt8) -> Bool) -> UInt64? {
            guard text.count <= ValueBits.maxCount else { return nil }
            return text.indices.reduce(0) { admits(text[$1]) ? $0 | 1 << UInt64($1) : $0 }
        }
        let isDigit = { (byte: UInt8) in (0x30...0x39).contains(byte) }
        let isLetter = { (byte: UInt8) in (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
        let isSeparator = { (byte: UInt8) in Array(" -.()+".utf8).contains(byte) }
        var generator = SeededGenerator(seed: 515)
        for _ in 0..<5000 {
            let text = (0..<Int.random(in: 0...70, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
            #expect(ValueBits.digits(text.span) == naiveBits(text, isDigit), "\(text)")
            #expect(ValueBits.letters(text.span) == naiveBits(text, isLetter), "\(text)")
            #expect(ValueBits.digitsAndSeparators(text.span) == naiveBits(text, { isDigit($0) || isSeparator($0) }), "\(text)")
        }
        for _ in 0..<5000 {
            let bits = (0..<64).reduce(UInt64(0)) { word, bit in Int.random(in: 0..<4, using: &generator) == 0 ? word : word | 1 << UInt64(bit) }
            var longest = 0
            var run = 0
            for bit in 0..<64 {
                run = bits >> UInt64(bit) & 1 != 0 ? run + 1 : 0
                longest = max(longest, run)
            }
            #expect(ValueBits.longestRun(bits) == longest)
            for length in 1...20 { #expect(ValueBits.hasRun(bits, of: length) == (longest >= length), "\(bits) \(length)") }
            let count = Int.random(in: 1...64, using: &generator)
            let index = Int.random(in: 0..<count, using: &generator)
            let naiveNext = (index..<count).first { bits >> UInt64($0) & 1 != 0 } ?? count
            #expect(ValueBits.next(bits, from: index, count: count) == naiveNext)
            let naiveEnd = (index..<count).first { bits >> UInt64($0) & 1 == 0 } ?? count
            #expect(ValueBits.runEnd(bits, from: index, count: count) == naiveEnd)
        }
    }

    /// The longest stretch of digits and separators (up to 64 bytes; none over) is what a naive
    /// count finds, and bounds every run `digitRuns` counts.
    @Test func digitStretchAgreesWithNaiveCountAndBoundsRuns() {
        let table = ByteProfileTable(specs: [])
        // Every separator, the bytes just outside their ranges (`'` `*` `,` `/` `:`), letters and UTF-8.
        let pieces = Array("0123456789 -.()+'*,/:aZ_".utf8) + [0x1F, 0x21, 0x7F, 0xC3, 0xA9, 0xB0, 0xBD]
        func isCounted(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) || Array(" -.()+".utf8).contains(byte) }
        var generator = SeededGenerator(seed: 4242)
        for _ in 0..<20000 {
            let length = Int.random(in: 0...90, using: &generator)
            // Long runs of one kind as well as mixed bytes, so stretches cross the 16-byte blocks.
            let kind = Int.random(in: 0...2, using: &generator)
            let text: [UInt8] = (0..<length).map { _ in
                kind == 0 || Bool.random(using: &generator) ? pieces.randomElement(using: &generator)!
                    : (kind == 1 ? UInt8(ascii: "7") : UInt8(ascii: "x"))
            }
            var naive = 0
            var run = 0
            for byte in text {
                run = isCounted(byte) ? run + 1 : 0
                naive = max(naive, run)
            }
            let stretch = table.digitStretch(text.span)
            #expect(stretch == (length <= ValueBits.maxCount ? naive : Int.max), "\(text)")
            let runs = table.digitRuns(text.span)
            #expect(runs.bridged <= stretch && runs.plain <= stretch, "\(text)")
        }
    }

    /// The longest bridged and plain runs from a digit that starts a word or follows one or two
    /// letters that do (`fromEveryDigit`: from any digit), found by trying every such digit.
    static func naiveWordStartRuns(_ text: [UInt8], fromEveryDigit: Bool = false) -> (bridged: Int, plain: Int) {
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        func isLetter(_ byte: UInt8) -> Bool { (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) }
        func isWord(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) || byte == 0x5F }
        func isSeparator(_ byte: UInt8) -> Bool { Array(" -.()+".utf8).contains(byte) }
        var best = (bridged: 0, plain: 0)
        for start in text.indices where isDigit(text[start]) {
            let letters = (0...2).first { count in
                start - count == 0 || !isLetter(text[start - count - 1])
            }
            guard fromEveryDigit || (letters.map { start - $0 == 0 || !isWord(text[start - $0 - 1]) } ?? false) else { continue }
            var index = start
            while index < text.count && isDigit(text[index]) { index += 1 }
            best.plain = max(best.plain, index - start)
            var digits = index - start
            while true {
                var end = index
                while end < text.count && isSeparator(text[end]) { end += 1 }
                guard end > index, end - index <= 3, end < text.count, isDigit(text[end]) else { break }
                index = end
                while index < text.count && isDigit(text[index]) { index += 1; digits += 1 }
            }
            best.bridged = max(best.bridged, digits)
        }
        return best
    }

    /// Requirements above the masks' cap are checked exactly.
    @Test func requirementsAboveTheCapAreExact() throws {
        let definition = EntityDefinition(
            name: "LONG", category: .country, pattern: "x+", prefilter: PrefilterSpec(minLength: 100))
        let set = try DetectorSet([definition])
        var matches: [EntityMatch] = []
        let short = Array(repeating: UInt8(ascii: "x"), count: 80)
        let long = Array(repeating: UInt8(ascii: "x"), count: 100)
        #expect(set.detect(in: short.span, fieldName: [UInt8]().span, scratch: RegexScratch(), into: &matches) == .clean)
        #expect(set.detect(in: long.span, fieldName: [UInt8]().span, scratch: RegexScratch(), into: &matches) == .found)
    }

    @Test func firstStringSpecialAgreesWithNaiveSearch() {
        var generator = SeededGenerator(seed: 67)
        let specials: [UInt8] = [0x22, 0x5C, 0x00, 0x1F, 0x0A]
        let plain: [UInt8] = [0x20, 0x7F, 0x80, 0xFF, UInt8(ascii: "u"), UInt8(ascii: "/"), UInt8(ascii: "a")]
        for length in 0...80 {
            for _ in 0..<40 {
                var text = (0..<length).map { _ in plain.randomElement(using: &generator)! }
                for _ in 0..<Int.random(in: 0...2, using: &generator) where length > 0 {
                    text[Int.random(in: 0..<length, using: &generator)] = specials.randomElement(using: &generator)!
                }
                let start = length == 0 ? 0 : Int.random(in: 0...length, using: &generator)
                let naive = text[start...].firstIndex { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 } ?? length
                let found = ByteSearch.firstStringSpecial(in: text.span, from: start)
                #expect(found == naive, "\(text) from \(start)")
                // The inline first block (16 bytes, or 8 near the end) then the same search.
                let near = ByteSearch.firstStringSpecialNear(in: text.span, from: start)
                #expect(near == naive, "near: \(text) from \(start)")
            }
        }
    }

    @Test(arguments: [
        ["passport", "dl#", "dln", "口座", "tax file", "secret_key"],
        ["passport", "dl#", "id", "x", "口座"],
    ])
    func keywordSetAgreesWithNaiveSearch(_ words: [String]) {
        let set = KeywordSet(words)
        let lowered = words.map { Array($0.utf8).map(CaseInsensitiveSearch.lower) }
        let pieces = ["pass", "PORT", "dl", "#", "DLN", "i", "D", "口", "座", "tax", " ", "FILE", "secret", "_KEY", "ab", "0", "X"]
        var generator = SeededGenerator(seed: 2024)
        for _ in 0..<5000 {
            let text = (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let bytes = Array(text.utf8)
            let naive = lowered.contains { CaseInsensitiveSearch.contains($0, in: bytes.span, from: 0, to: bytes.count) }
            let found = set.occurs(in: bytes.span)
            #expect(found == naive, "\(text)")
        }
    }

    /// Literals that share a first byte are found by one scan; the answer is a plain search's.
    @Test func literalSetAgreesWithNaiveSearch() {
        let literals = ["AKIA", "ASIA", "A3T", "ghp_", "github_pat_", "-----BEGIN", "x"].map { Array($0.utf8) }
        let set = LiteralSet(literals, caseless: false)
        let pieces = ["A", "K", "IA", "SI", "3", "T", "gh", "p", "_", "github", "pat", "-----", "BEGIN", "x", " "]
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<5000 {
            let text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let bytes = Array(text.utf8)
            let naive = literals.contains { bytes[...].occurrences(of: $0, upTo: 1) > 0 }
            #expect(set.occurs(in: bytes.span) == naive, "\(text)")
        }
    }

    @Test func literalSetFollowsThePatternsCase() {
        let exact = LiteralSet([Array("eyJ".utf8), Array("xox".utf8)], caseless: false)
        #expect(occurs(exact, "token eyJhbGc"))
        #expect(occurs(exact, "xoxb-1"))
        #expect(!occurs(exact, "EYJ XOX"))
        let caseless = LiteralSet([Array("AIza".utf8)], caseless: true)
        #expect(occurs(caseless, "key aiza123"))
        #expect(!occurs(caseless, "key aiz"))
        #expect(occurs(LiteralSet([[]], caseless: true), "anything"))
    }

    @Test func gatesRejectTimestampsAndHexIds() throws {
        let lookAlikes = ["2024-06-01T00:00:01.598Z", "d13a5bf0da1b195060c40eb788718c96", "c6a5d670f9a3638e", "u_5645704"]
        for name in ["italy_fiscal_code", "france_insee_code"] {
            let gate = try #require(Gate.registry[name])
            for value in lookAlikes { #expect(!admits(gate, value), "\(name) admits \(value)") }
        }
        // Codes that a probe (every 16th byte) meets in their first six letters, middle and end.
        let italy = try #require(Gate.registry["italy_fiscal_code"])
        for value in ["0123456789 RSSMRA85T10A562S", "RSSMRA85T10A562S", "ab RSSMRA85T10A562S.", "x:rssmra85t10a562s"] {
            #expect(admits(italy, value), "\(value)")
        }
        #expect(!admits(italy, "0123456789 RSSMRA85T10A562SX"))
        let beside = try #require(Gate.registry["letter_beside_digit"])
        for value in ["u_5645704", "-1", "a-", "12 - Z", ""] { #expect(!admits(beside, value), "\(value)") }
        for value in ["12345678-Z", "X1234567L", "a 1", "9Z"] { #expect(admits(beside, value), "\(value)") }
        let seven = try #require(Gate.registry["seven_digits_then_letter"])
        for value in ["Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0", "card 4111111111111111 reason", "1234567 -Z", "1234567Z_"] {
            #expect(!admits(seven, value), "\(value)")
        }
        for value in ["12345678-Z", "X1234567L", "s1234567d.", "1234567 z"] { #expect(admits(seven, value), "\(value)") }
        let six = try #require(Gate.registry["six_capitals"])
        #expect(!admits(six, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) Mobile/15E148"))
        for value in ["DEUTDEFF", "bic DEUTDEFF500", "ABCDEF"] { #expect(admits(six, value), "\(value)") }
        let mac = try #require(Gate.registry["mac_address"])
        #expect(!admits(mac, "python-requests/2.31.0"))
        #expect(admits(mac, "0012.3456.789a"))
        let insee = try #require(Gate.registry["france_insee_code"])
        #expect(!admits(insee, "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"))
        #expect(admits(insee, "NIR 2 55 08 14 168 025 38"))
        #expect(admits(insee, "/2 55 08 14 168 025 38"))
        #expect(admits(insee, "assuré 269052B00400166"))
        let gate = try #require(Gate.registry["two_letters_then_digit"])
        #expect(!admits(gate, "2024-06-01T00:00:01.598Z"))
        #expect(admits(gate, "QQ 12 34 56 C"))
        #expect(admits(gate, "DE89370400440532013000"))
    }

    /// The context-word gates answer exactly as a regex of the shapes they describe, on random
    /// texts of digits, letters and separators (with long runs now and then).
    @Test(arguments: [
        ("three_then_three_digits", "(?:(?<![0-9A-Za-z_])|(?<=(?<![0-9A-Za-z_])[A-Za-z])|(?<=(?<![0-9A-Za-z_])[A-Za-z]{2}))[0-9]*[0-9]{3}[ -]?[0-9]{3}"),
        ("usa_driving_license", "(?:(?<![0-9A-Za-z_])|(?<=(?<![0-9A-Za-z_])[A-Za-z])|(?<=(?<![0-9A-Za-z_])[A-Za-z]{2}))[0-9]*[0-9]{3}[ -]?[0-9]{3}|[A-Z][ -]?[0-9]{4}|[A-Z][0-9]{2,3}-"),
        ("capital_then_digits", "[A-Z][ -]?[0-9]{4}|[A-Z][0-9]{2,3}-"),
        ("forty_base64_characters", "[0-9A-Za-z+/]{40}"),
        ("italy_fiscal_code", "(?<![0-9A-Za-z_])[A-Za-z]{6}[0-9A-Za-z_]{10}(?![0-9A-Za-z_])"),
        ("ip_address", "(?:[^.]*\\.){3}|(?:[^:]*:){6}|::"),
        ("mac_address", "(?:[^:]*:){5}|(?:[^-]*-){5}|\\.[^.]{4}\\."),
        ("two_letters_then_digit", "[A-Za-z]{2}[ -]?[0-9]"),
        ("france_insee_code", "(?:(?<![0-9A-Za-z_/])|(?<=[ABab]))[0-9](?: ?[0-9]){7}"),
        ("letter_beside_digit", "[A-Za-z][ -]?[0-9]|[0-9][ -]?[A-Za-z]"),
        ("digit_then_capital", "(?<![0-9A-Za-z_-])[1-9][A-Z]"),
        ("six_capitals", "[A-Z]{6}"),
        ("seven_digits_then_letter", "[0-9]{7}[ -]?[A-Za-z](?![0-9A-Za-z_])"),
    ])
    func gateAgreesWithRegex(_ name: String, _ pattern: String) throws {
        let gate = try #require(Gate.registry[name])
        let regex = try CompiledRegex(pattern, caseless: false)
        let scratch = RegexScratch()
        let pieces = Array("0123456789 -.()+AZaz/_:".utf8)
        var generator = SeededGenerator(seed: UInt64(pattern.utf8.count))
        var admitted = 0
        for _ in 0..<20000 {
            var text: [UInt8] = []
            for _ in 0..<Int.random(in: 0...16, using: &generator) {
                let piece = pieces.randomElement(using: &generator)!
                let repeats = Int.random(in: 0..<3, using: &generator) == 0 ? Int.random(in: 1...30, using: &generator) : 1
                text += [UInt8](repeating: piece, count: repeats)
            }
            var expected = false
            if case .found = regex.firstMatch(in: text.span, from: 0, scratch: scratch) { expected = true }
            if expected { admitted += 1 }
            #expect(admits(gate, text) == expected, "\(name): \(String(decoding: text, as: UTF8.self).debugDescription)")
        }
        #expect(admitted > 50 && admitted < 19950, "the texts exercise both answers (\(admitted))")
    }

    @Test func contextGatesRejectTimestampsAndPaths() throws {
        let lookAlikes = ["2024-06-01T00:00:01.598Z", "/api/v3/reviews/32794", "queue depth 4763 above threshold 750", "python-requests/2.31.0"]
        for name in ["three_then_three_digits", "usa_driving_license"] {
            let gate = try #require(Gate.registry[name])
            for value in lookAlikes { #expect(!admits(gate, Array(value.utf8)), "\(name) admits \(value)") }
        }
        for name in ["three_then_three_digits", "usa_driving_license"] {
            let gate = try #require(Gate.registry[name])
            for value in ["d13a5bf0da1b195060c40eb788718c96", "ab_123456", "abc123456"] { #expect(!admits(gate, Array(value.utf8)), "\(name) admits \(value)") }
            for value in ["ab123456", "x1234 567", "Gecko/20100101"] { #expect(admits(gate, Array(value.utf8)), "\(name) rejects \(value)") }
        }
        let licence = try #require(Gate.registry["usa_driving_license"])
        for value in ["D1234567", "CA DL# A 1234567", "S530-460-01-031-7", "A12-34-5678", "No. 99 999 999"] {
            #expect(admits(licence, Array(value.utf8)), "\(value)")
        }
        let capital = try #require(Gate.registry["capital_then_digits"])
        for value in ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Gecko/20100101 Firefox/120.0", "DELETE /api/v3/orders/12345 returned 404"] {
            #expect(!admits(capital, Array(value.utf8)), "\(value)")
        }
        for value in ["MORGA753116SM9IJ", "ABCPE1234F", "MORGA 753116"] { #expect(admits(capital, Array(value.utf8)), "\(value)") }
        let base64 = try #require(Gate.registry["forty_base64_characters"])
        #expect(!admits(base64, Array("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)".utf8)))
        #expect(admits(base64, Array("aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".utf8)))
    }

    /// A gate's answer as `DetectorSet` asks for it: from the digit runs or from the bytes.
    private func admits(_ gate: Gate, _ text: [UInt8]) -> Bool {
        switch gate.input {
        case .bytes: gate.admits(text.span)
        case .digitRuns: gate.admits(runs: ByteProfileTable(specs: []).digitRunsWithWordStarts(text.span))
        case .separators: gate.admits(separators: SeparatorCensus(text.span))
        }
    }

    private func occurs(_ set: LiteralSet, _ text: String) -> Bool { set.occurs(in: Array(text.utf8).span) }

    private func admits(_ gate: Gate, _ text: String) -> Bool { admits(gate, Array(text.utf8)) }
}
