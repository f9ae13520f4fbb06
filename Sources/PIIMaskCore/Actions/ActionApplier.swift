import Crypto

/// Writes the replacement for a span or a whole value, for every `MaskAction` that rewrites text.
///
/// Structural actions (`null`, `drop`) are the record maskers' business when they apply to a whole
/// field; applied to a span inside free text they remove the span. `keep` copies the span.
/// Immutable: the hash key and the states keyed with it. Each worker uses a copy of its own
/// (`init(copying:)`), whose keyed states no other worker retains per value.
public struct ActionApplier: Sendable {
    /// HMAC-SHA-256 keyed once with the hash key: each value's MAC starts from a copy (keying
    /// per value hashed two blocks and allocated several arrays).
    let hashMAC: KeyedHash?
    let pseudonymizer: Pseudonymizer
    private let hashKey: [UInt8]?

    /// - Parameter hashKey: the secret for `hash` and `pseudonym` (nil: `hash` is unavailable and
    ///   configuration must have rejected it; `pseudonym` then uses a fixed key and says so).
    public init(hashKey: [UInt8]?) {
        self.hashKey = hashKey
        hashMAC = hashKey.map { KeyedHash(key: $0) }
        pseudonymizer = Pseudonymizer(key: hashKey ?? Array("piimask-unkeyed-pseudonym".utf8))
    }

    /// A copy for one worker thread, keyed afresh: starting a MAC copies the keyed SHA-256
    /// states, which retains their storage, and storage that two workers retain per value moves
    /// its cache line between their cores (see UnsharedCopy.swift).
    init(copying other: ActionApplier) {
        self.init(hashKey: other.hashKey?.unsharedCopy())
    }

    /// Appends the replacement of `value` under `action` to `output`.
    ///
    /// - Parameters:
    ///   - entity: the entity name (for templates and shape rules), or the field's name for field rules.
    ///   - partialClass: the compiled `only` class of a partial action, when it has one.
    ///   - scratch: the calling thread's PCRE2 state (for non-ASCII characters in `only` classes).
    public func apply(
        _ action: MaskAction, to value: Span<UInt8>, entity: String, partialClass: ByteClass?,
        scratch: RegexScratch, into output: inout [UInt8]
    ) {
        switch action {
        case .redact(let template):
            Redaction.render(template, entity: entity, into: &output)
        case .partial(let options):
            PartialMasking.apply(options, to: value, only: partialClass, scratch: scratch, into: &output)
        case .hash(let options):
            var mac = (hashMAC ?? pseudonymizer.mac).start()  // configuration rejects `hash` without a key
            mac.update(value)
            HexEncoding.append(mac.finalize(), options: options, into: &output)
        case .sha256(let options):
            HexEncoding.append(SHA256.hash(data: Array(value)), options: options, into: &output)
        case .pseudonym:
            pseudonymizer.append(value, entity: entity, into: &output)
        case .generalize(let options):
            if !Generalizer.append(value, options: options, into: &output) {
                Redaction.render("[{entity}]", entity: entity, into: &output)
            }
        case .null, .drop:
            break
        case .keep:
            output.append(contentsOf: value)
        }
    }
}


/// `redact` templates.
enum Redaction {
    /// Appends `template` with `{entity}` replaced by the entity name.
    ///
    /// Searches the template's UTF-8 bytes: `Substring.firstRange(of:)` cost 8 allocations per
    /// call (Benchmarks: `Action.redact`), paid for every value a `redact` field rule rewrites.
    static func render(_ template: String, entity: String, into output: inout [UInt8]) {
        let bytes = template.utf8
        let placeholder = "{entity}".utf8
        var copied = bytes.startIndex
        var index = bytes.startIndex
        while index != bytes.endIndex {
            if bytes[index] == UInt8(ascii: "{"), bytes[index...].starts(with: placeholder) {
                output.append(contentsOf: bytes[copied..<index])
                output.append(contentsOf: entity.utf8)
                index = bytes.index(index, offsetBy: placeholder.count)
                copied = index
            } else {
                bytes.formIndex(after: &index)
            }
        }
        output.append(contentsOf: bytes[copied...])
    }
}

/// Lowercase hex of digests without Foundation's formatting (which allocates per byte).
enum HexEncoding {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    static func append<D: Sequence>(_ digest: D, options: HashOptions, into output: inout [UInt8]) where D.Element == UInt8 {
        output.append(contentsOf: options.prefix.utf8)
        var remaining = options.length ?? Int.max
        for byte in digest {
            guard remaining > 0 else { break }
            output.append(digits[Int(byte >> 4)])
            remaining -= 1
            guard remaining > 0 else { break }
            output.append(digits[Int(byte & 0x0F)])
            remaining -= 1
        }
    }

    static func append<D: Digest>(_ digest: D, options: HashOptions, into output: inout [UInt8]) {
        digest.withUnsafeBytes { raw in append(raw, options: options, into: &output) }
    }
}
