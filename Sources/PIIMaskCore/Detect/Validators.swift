/// The registry of validators a pattern file can name. Add a new validator to `all`.
extension Validator {
    static let all: [Validator] = [
        .luhn,
        .paymentCard,
        .usaSSN,
        .ipAddress,
    ]
}
