/// The registry of validators a pattern file can name. Add a new validator to `all`.
extension Validator {
    static let all: [Validator] = [
        // Universal (Validator+Universal.swift)
        .luhn,
        .paymentCard,
        .usaSSN,
        .ipAddress,
        // Digit checksums (Validator+Checksums.swift)
        .usaNPI,
        .usaDEA,
        .canadaSIN,
        .ukNHS,
        .netherlandsBSN,
        .germanyTaxID,
        .polandPESEL,
        .japanMyNumber,
        .indiaAadhaar,
        .koreaRRN,
        .australiaTFN,
        .australiaMedicare,
        .brazilCPF,
        .chinaResidentID,
        .franceINSEE,
        // Check letters and allocation rules (Validator+CheckCharacters.swift)
        .spainDNI,
        .spainNIE,
        .italyFiscalCode,
        .singaporeNRIC,
        .ukNINO,
        .usaITIN,
        .usaMBI,
        // Banking and network identifiers (Validator+Banking.swift)
        .iban,
        .bic,
        .macAddress,
    ]
}
