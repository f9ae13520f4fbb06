/// A set of characters given as a PCRE2 character class (`[0-9]`, `[A-Za-z]`, `[^-]`, `\p{L}`), for
/// the partial action's `only` option. ASCII membership is precomputed; other characters ask the
/// regex, compiled in UTF mode so that a multi-byte character is one character (`[^-]` contains
/// `é`, `\p{L}` contains `日`).
///
/// A class, so that a worker binds it per value with one retain of its own copy
/// (`init(copying:)`) rather than retains of the shared table and regex (see UnsharedCopy.swift).
public final class ByteClass: Sendable {
    private let ascii: [Bool]
    private let regex: CompiledRegex

    /// What is put around the user's class; error offsets are reported relative to the class.
    private static let prefix = "(*UTF)^(?:"

    /// Compiles `pattern`, which must match exactly one character.
    ///
    /// - Throws: `RegexCompileError` when PCRE2 rejects it (offset within `pattern`).
    public init(_ pattern: String) throws(RegexCompileError) {
        do {
            regex = try CompiledRegex(Self.prefix + pattern + ")$")
        } catch {
            let offset = min(max(0, error.offset - Self.prefix.utf8.count), pattern.utf8.count)
            throw RegexCompileError(message: error.message, offset: offset, pattern: pattern)
        }
        let scratch = RegexScratch()
        var ascii = [Bool](repeating: false, count: 128)
        for byte in 0..<128 {
            let one = [UInt8(byte)]
            ascii[byte] = regex.firstMatch(in: one.span, from: 0, scratch: scratch) != .none
        }
        self.ascii = ascii
    }

    /// A copy for one worker thread: an object and an ASCII table of its own, the compiled regex
    /// shared (it is read through this object, never bound apart from it).
    init(copying other: ByteClass) {
        ascii = other.ascii.unsharedCopy()
        regex = other.regex
    }

    /// Whether the character spelled by `bytes` (one UTF-8 sequence) is in the class.
    ///
    /// Bytes that are not one valid UTF-8 character never reach the regex (the JIT assumes valid
    /// UTF-8) and count as members, so a broken character is masked rather than let through.
    func contains(_ bytes: Span<UInt8>, scratch: RegexScratch) -> Bool {
        if bytes.count == 1 && bytes[0] < 0x80 { return ascii[Int(bytes[0])] }
        guard Self.isOneScalar(bytes) else { return true }
        switch regex.firstMatch(in: bytes, from: 0, scratch: scratch) {
        case .found, .limitExceeded: return true
        case .none: return false
        }
    }

    /// Whether `bytes` is exactly one well-formed UTF-8 scalar (no overlong forms or surrogates).
    private static func isOneScalar(_ bytes: Span<UInt8>) -> Bool {
        var decoder = UTF8()
        var iterator = Array(bytes).makeIterator()
        guard case .scalarValue = decoder.decode(&iterator) else { return false }
        return iterator.next() == nil
    }
}
