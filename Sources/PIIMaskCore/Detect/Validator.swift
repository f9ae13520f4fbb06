/// A structural or checksum check run on a candidate match after its pattern has matched.
///
/// Patterns find text of the right shape; validators reject look-alikes of that shape (an order
/// number that fails the Luhn check, an SSN in a never-issued area). A validator sees the matched
/// bytes exactly as they appear in the value, separators included, and must not assume more than
/// its pattern guarantees.
public struct Validator: Sendable {
    /// The name a pattern file uses in its `validator:` key.
    public let name: String
    /// One line for `piimask patterns list`.
    public let summary: String
    let check: @Sendable (Span<UInt8>) -> Bool

    public init(name: String, summary: String, check: @escaping @Sendable (Span<UInt8>) -> Bool) {
        self.name = name
        self.summary = summary
        self.check = check
    }

    /// Runs the check on the matched bytes.
    public func accepts(_ match: Span<UInt8>) -> Bool { check(match) }

    /// Runs the check on a byte array (tests and tools).
    public func accepts(_ bytes: [UInt8]) -> Bool { check(bytes.span) }

    /// Runs the check on a string's UTF-8 bytes (tests and tools).
    public func accepts(_ text: String) -> Bool { accepts(Array(text.utf8)) }
}

extension Validator {
    /// Looks a validator up by the name a pattern file gives.
    public static func named(_ name: String) -> Validator? { registry[name] }

    /// Every validator, by name.
    public static let registry: [String: Validator] = {
        var byName: [String: Validator] = [:]
        for validator in all { byName[validator.name] = validator }
        return byName
    }()
}
