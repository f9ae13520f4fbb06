/// A set of characters given as a PCRE2 character class (`[0-9]`, `[A-Za-z]`), for the partial
/// action's `only` option. ASCII membership is precomputed; other characters ask the regex.
public struct ByteClass: Sendable {
    private let ascii: [Bool]
    private let regex: CompiledRegex

    /// Compiles `pattern`, which must match exactly one character.
    ///
    /// - Throws: `RegexCompileError` when PCRE2 rejects it.
    public init(_ pattern: String) throws(RegexCompileError) {
        regex = try CompiledRegex("^(?:\(pattern))$")
        let scratch = RegexScratch()
        var ascii = [Bool](repeating: false, count: 128)
        for byte in 0..<128 {
            let one = [UInt8(byte)]
            ascii[byte] = regex.firstMatch(in: one.span, from: 0, scratch: scratch) != .none
        }
        self.ascii = ascii
    }

    /// Whether the character spelled by `bytes` (one UTF-8 sequence) is in the class.
    func contains(_ bytes: Span<UInt8>, scratch: RegexScratch) -> Bool {
        if bytes.count == 1 && bytes[0] < 0x80 { return ascii[Int(bytes[0])] }
        if case .found = regex.firstMatch(in: bytes, from: 0, scratch: scratch) { return true }
        return false
    }
}
