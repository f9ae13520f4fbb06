import Crypto

/// The pseudonym action: a deterministic, keyed replacement of the same shape.
///
/// Each ASCII digit becomes another digit, each ASCII letter another letter of the same case,
/// chosen by an HMAC-SHA-256 keystream over the whole value, so equal inputs give equal outputs
/// (joins still work) and no letter or digit stays what it was. Separators, `@` and dots stay; an
/// email keeps its top-level domain (two or more ASCII letters after `local@label.`); a
/// Luhn-valid number of 12-19 digits (a card) gets its check digit recomputed, so it stays
/// Luhn-valid. Other characters (non-ASCII letters) become ASCII lowercase letters, so no
/// original letter survives.
struct Pseudonymizer {
    /// HMAC-SHA-256 keyed once; each keystream block starts from a copy.
    let mac: KeyedHash

    init(key: [UInt8]) {
        mac = KeyedHash(key: key)
    }

    func append(_ value: Span<UInt8>, entity: String, into output: inout [UInt8]) {
        let input = Array(value)
        var stream = Keystream(mac: mac, seed: input)
        let keepFrom = Self.emailTopLevelDomainStart(input) ?? input.count
        let start = output.count
        var index = 0
        while index < input.count {
            let byte = input[index]
            if index >= keepFrom {
                output.append(byte)
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                output.append(Self.rotate(byte, base: UInt8(ascii: "0"), span: 10, by: stream.next()))
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                output.append(Self.rotate(byte, base: UInt8(ascii: "a"), span: 26, by: stream.next()))
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                output.append(Self.rotate(byte, base: UInt8(ascii: "A"), span: 26, by: stream.next()))
            case 0x80...:
                let length = min(UTF8Characters.sequenceLength(byte), input.count - index)
                output.append(UInt8(ascii: "a") + stream.next() % 26)
                index += length
                continue
            default:
                output.append(byte)
            }
            index += 1
        }
        Self.keepLuhnValidity(original: input, output: &output, from: start)
    }

    /// A byte other than `byte` in `base..<base+span`.
    private static func rotate(_ byte: UInt8, base: UInt8, span: UInt8, by random: UInt8) -> UInt8 {
        let offset = 1 + random % (span - 1)
        return base + (byte - base + offset) % span
    }

    /// Where an email's top-level domain starts (after the last dot after the `@`), if the value
    /// is shaped like `local@label.tld` with a TLD of two or more ASCII letters. Anything else
    /// (`@.com`, `a@b.123`) keeps nothing, so no letter or digit survives.
    static func emailTopLevelDomainStart(_ input: [UInt8]) -> Int? {
        guard let at = input.lastIndex(of: UInt8(ascii: "@")), at > 0,
              let dot = input[at...].lastIndex(of: UInt8(ascii: ".")), dot > at + 1
        else { return nil }
        let tld = input[(dot + 1)...]
        guard tld.count >= 2, tld.allSatisfy({ ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") }) else {
            return nil
        }
        return dot + 1
    }

    /// If the original's digits pass Luhn and look like a card, fix the output's last digit.
    private static func keepLuhnValidity(original: [UInt8], output: inout [UInt8], from start: Int) {
        let digits = DigitChecks.digits(of: original.span)
        guard (12...19).contains(digits.count), DigitChecks.luhnValid(digits) else { return }
        guard let last = output[start...].lastIndex(where: { $0 >= 0x30 && $0 <= 0x39 }) else { return }
        for candidate in UInt8(ascii: "0")...UInt8(ascii: "9") {
            output[last] = candidate
            let written = output[start...]
            if DigitChecks.luhnValid(DigitChecks.digits(of: written.span)) { return }
        }
    }
}

/// HMAC-SHA-256 in counter mode over the value: an endless, deterministic byte stream.
private struct Keystream {
    static let label = Array("piimask-pseudonym-v1".utf8)
    let mac: KeyedHash
    let seed: [UInt8]
    var block: [UInt8] = []
    var position = 0
    var counter: UInt32 = 0

    init(mac: KeyedHash, seed: [UInt8]) {
        self.mac = mac
        self.seed = seed
    }

    mutating func next() -> UInt8 {
        if position == block.count {
            // Block n is the MAC of label, n (big-endian UInt32) and the seed.
            var code = mac.start()
            Self.label.withUnsafeBytes { code.update($0) }
            withUnsafeBytes(of: counter.bigEndian) { code.update($0) }
            seed.withUnsafeBytes { code.update($0) }
            block.removeAll(keepingCapacity: true)
            code.finalize().withUnsafeBytes { block.append(contentsOf: $0) }
            position = 0
            counter &+= 1
        }
        defer { position += 1 }
        return block[position]
    }
}
