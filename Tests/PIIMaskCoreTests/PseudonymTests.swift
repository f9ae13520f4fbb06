import Crypto
import PropertyBased
import Testing

@testable import PIIMaskCore

/// Properties of the pseudonym action over many random values: same shape, deterministic per key,
/// cards stay Luhn-valid, emails stay emails, and nothing with a letter or digit comes out as it went in.
@Suite("Pseudonym")
struct PseudonymTests {
    static let keyA = Array("pseudonym-key-A".utf8)
    static let keyB = Array("pseudonym-key-B".utf8)

    static func pseudonym(_ text: String, key: [UInt8] = keyA) -> String {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        Pseudonymizer(key: key).append(bytes.span, entity: "FIELD", into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    static func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }
    static func isLower(_ c: Character) -> Bool { ("a"..."z").contains(c) }
    static func isUpper(_ c: Character) -> Bool { ("A"..."Z").contains(c) }
    static func isAlnum(_ c: Character) -> Bool { isDigit(c) || isLower(c) || isUpper(c) }

    static func luhnValid(_ text: String) -> Bool {
        let digits = text.compactMap { $0.wholeNumberValue }
        var sum = 0
        for (position, digit) in digits.reversed().enumerated() {
            if position % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return sum % 10 == 0
    }

    /// Letters, digits and the separators identifiers are written with.
    static let shapeAlphabet: [Character] = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") + Array("-._ /:+()#,")
    static let shapeValues = Gen<Character?>.element(of: shapeAlphabet).map { $0! }.string(of: 1...32)

    @Test func shapeIsPreserved() async {
        await propertyCheck(count: 3000, input: Self.shapeValues) { value in
            let output = Self.pseudonym(value)
            #expect(output.count == value.count, "\(value) -> \(output)")
            #expect(output.utf8.count == value.utf8.count)
            let tld = Pseudonymizer.emailTopLevelDomainStart(Array(value.utf8))
            for (offset, (original, replaced)) in zip(value, output).enumerated() {
                if Self.isDigit(original) {
                    #expect(Self.isDigit(replaced), "\(value) -> \(output)")
                } else if Self.isLower(original) {
                    #expect(Self.isLower(replaced), "\(value) -> \(output)")
                } else if Self.isUpper(original) {
                    #expect(Self.isUpper(replaced), "\(value) -> \(output)")
                } else {
                    #expect(original == replaced, "separator moved: \(value) -> \(output)")
                }
                // Every letter and digit changes, except a kept email TLD and a recomputed check digit.
                if Self.isAlnum(original), tld.map({ offset < $0 }) ?? true, !(Self.isDigit(original) && Self.luhnValid(value)) {
                    #expect(original != replaced, "\(value) -> \(output) at \(offset)")
                }
            }
        }
    }

    @Test func neverTheSameAsTheInput() async {
        await propertyCheck(count: 3000, input: Self.shapeValues) { value in
            guard value.contains(where: Self.isAlnum) else { return }
            #expect(Self.pseudonym(value) != value, "\(value)")
        }
        // Degenerate email shapes keep nothing (they once kept their "TLD" and came out unchanged).
        for value in ["@.com", "@x.co", "a@.com", "x@y.123", "a@b.c"] {
            #expect(Self.pseudonym(value) != value, "\(value)")
        }
    }

    @Test func deterministicPerKey() async {
        let values = Gen<Character?>.element(of: Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")).map { $0! }.string(of: 10...24)
        await propertyCheck(count: 2000, input: values) { value in
            let first = Self.pseudonym(value)
            #expect(Self.pseudonym(value) == first)
            #expect(Self.pseudonym(value, key: Self.keyB) != first, "\(value)")
        }
    }

    @Test func differentInputsRarelyCollide() {
        var generator = SeededGenerator(seed: 7)
        var seen: [String: String] = [:]
        for _ in 0..<5000 {
            let value = String((0..<12).map { _ in "0123456789".randomElement(using: &generator)! })
            let output = Self.pseudonym(value)
            if let other = seen[output], other != value { Issue.record("\(value) and \(other) both give \(output)") }
            seen[output] = value
        }
    }

    /// A random Luhn-valid number of `length` digits, optionally grouped by four.
    static func card(length: Int, separator: String, using generator: inout SeededGenerator) -> String {
        var digits = (0..<(length - 1)).map { _ in Int.random(in: 0...9, using: &generator) }
        for check in 0...9 where luhnValid((digits + [check]).map(String.init).joined()) {
            digits.append(check)
            break
        }
        let text = digits.map(String.init).joined()
        guard !separator.isEmpty else { return text }
        var groups: [Substring] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            groups.append(rest.prefix(4))
            rest = rest.dropFirst(4)
        }
        return groups.joined(separator: separator)
    }

    @Test func cardsStayLuhnValid() {
        var generator = SeededGenerator(seed: 42)
        for round in 0..<3000 {
            let value = Self.card(length: 12 + round % 8, separator: ["", "-", " "][round % 3], using: &generator)
            #expect(Self.luhnValid(value))
            let output = Self.pseudonym(value)
            #expect(Self.luhnValid(output), "\(value) -> \(output)")
            #expect(output != value)
            #expect(output.map { Self.isDigit($0) ? "9" : $0 } == value.map { Self.isDigit($0) ? "9" : $0 })
        }
    }

    @Test func emailsStayWellFormed() throws {
        let detector = try DetectorSet([try #require(PatternLibrary.builtin().definition(named: "EMAIL"))])
        var generator = SeededGenerator(seed: 9)
        let localAlphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        func word(_ range: ClosedRange<Int>) -> String {
            String((0..<Int.random(in: range, using: &generator)).map { _ in localAlphabet.randomElement(using: &generator)! })
        }
        for _ in 0..<2000 {
            let local = [word(1...8), word(1...6)].prefix(Int.random(in: 1...2, using: &generator)).joined(separator: [".", "_", "+", "-"].randomElement(using: &generator)!)
            let domain = (0..<Int.random(in: 1...3, using: &generator)).map { _ in word(1...10) }.joined(separator: ".")
            let tld = ["com", "org", "jp", "co.uk", "info", "io"].randomElement(using: &generator)!
            let email = "\(local)@\(domain).\(tld)"
            let output = Self.pseudonym(email)
            #expect(output != email)
            #expect(output.hasSuffix("." + tld.split(separator: ".").last!), "\(email) -> \(output)")
            #expect(output.firstIndex(of: "@").map { output.distance(from: output.startIndex, to: $0) } == local.count)
            let found = PatternExamples.findings(in: Array(output.utf8), set: detector)
            #expect(found.map(\.text) == [output], "\(email) -> \(output) is not one email")
        }
    }

    @Test func nonASCIIKeepsCharacterCount() async {
        let values = Gen<Character?>.element(of: Array("日本語テキストéüßñ山田太郎 -abc123")).map { $0! }.string(of: 1...20)
        await propertyCheck(count: 1000, input: values) { value in
            let output = Self.pseudonym(value)
            #expect(output.unicodeScalars.count == value.unicodeScalars.count, "\(value) -> \(output)")
            let allASCII = output.unicodeScalars.allSatisfy { $0.isASCII }
            #expect(allASCII)
            if value.contains(where: { !$0.isASCII || Self.isAlnum($0) }) { #expect(output != value) }
        }
    }

    @Test func throughTheEngineJoinsStillWork() throws {
        let rules = MaskingHarness.fieldRule("**.user", "action: pseudonym")
        let input = #"{"a":{"user":"Alice-1234"},"b":[{"user":"Alice-1234"}],"c":{"user":"Bob-99"}}"# + "\n"
        let line = try MaskingHarness.run(input, rules: rules).lines[0]
        let object = try #require(MaskingHarness.parse(line) as? [String: Any])
        let a = (object["a"] as? [String: String])?["user"]
        let b = ((object["b"] as? [[String: String]])?.first)?["user"]
        let c = (object["c"] as? [String: String])?["user"]
        #expect(a != nil && a == b)
        #expect(a != c)
        #expect(a != "Alice-1234")
        // The engine's pseudonym uses the plan's key.
        #expect(a == Self.pseudonym("Alice-1234", key: Array(MaskingHarness.key.utf8)))
    }

    /// Pseudonyms must not change between versions (joins across extracts made at different
    /// times): outputs of the release before `KeyedHash`, key `pin-key`.
    @Test(arguments: [
        ("jane.doe@example.com", "wtov.mxh@oqipnmf.com"),
        ("4111 1111 1111 1111", "7936 3966 7083 6309"),
        ("+1 (555) 123-4567 and a long tail of text that needs more than one keystream block of thirty-two bytes",
         "+0 (968) 250-5253 jtu s sgeq mejr zw zocp feea zahjq oamr sofg htv yxtxatvpk jpdft cl lrygfd-zfa zecbp"),
    ])
    func pinnedPseudonyms(input: String, expected: String) {
        #expect(Self.pseudonym(input, key: Array("pin-key".utf8)) == expected)
    }

    @Test("KeyedHash is HMAC-SHA-256: the same MAC as swift-crypto's HMAC, fed in pieces")
    func keyedHashIsHMAC() {
        var random = SeededGenerator(seed: 17)
        for keyLength in [0, 1, 31, 32, 63, 64, 65, 100, 200] {
            let key = (0..<keyLength).map { _ in UInt8.random(in: 0...255, using: &random) }
            let keyed = KeyedHash(key: key)
            for _ in 0..<40 {
                let message = (0..<Int.random(in: 0...300, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                var running = keyed.start()
                var start = 0
                while start < message.count {
                    let end = min(message.count, start + Int.random(in: 1...80, using: &random))
                    message[start..<end].withUnsafeBytes { running.update($0) }
                    start = end
                }
                let expected = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))
                #expect(Array(running.finalize()) == Array(expected), "key \(keyLength) bytes, message \(message.count) bytes")
            }
        }
    }
}
