import Testing

@testable import PIIMaskCore

/// Known-valid and known-invalid identifiers for every validator a pattern file can name.
///
/// Valid values are published specimen or test numbers where the issuer publishes one (NPI
/// 1234567893, DNI 12345678Z, NRIC S1234567D, IBAN GB82 WEST 1234 5698 7654 32, …) and otherwise
/// numbers constructed by the documented rule; invalid values change one character (a wrong check
/// digit) or break a structural rule.
@Suite("Validators")
struct ValidatorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let validator: String
        let valid: [String]
        let invalid: [String]
        var testDescription: String { validator }
    }

    static let cases: [Case] = [
        Case(validator: "luhn", valid: ["79927398713", "4111 1111 1111 1111"], invalid: ["79927398710", "1"]),
        Case(
            validator: "payment_card",
            valid: ["4111111111111111", "5500 0000 0000 0004", "3782 822463 10005", "6011000990139424"],
            invalid: ["4111111111111112", "4444444444444444", "1234567812345670"]),
        Case(validator: "usa_ssn", valid: ["123-45-6789", "219-09-9998"], invalid: ["000-12-3456", "666-12-3456", "900-12-3456", "078-05-1120"]),
        Case(validator: "ip_address", valid: ["203.0.113.42", "2001:db8::1", "::ffff:192.0.2.128"], invalid: ["256.1.1.1", "01.2.3.4", "1:2:3"]),
        Case(validator: "usa_npi", valid: ["1234567893", "1245319599"], invalid: ["1234567890", "3234567893", "123456789"]),
        Case(validator: "usa_dea", valid: ["AB1234563", "BJ6125341", "A91234563"], invalid: ["AB1234564", "1B1234563", "AB123456"]),
        Case(validator: "canada_sin", valid: ["130 692 544", "130-692-544", "746456003"], invalid: ["130 692 545", "046 454 286", "800 000 007"]),
        Case(validator: "uk_nhs", valid: ["943 476 5919", "4010232137", "0101010001"], invalid: ["943 476 5918", "1111111111", "3213213210", "0113010000"]),
        Case(validator: "netherlands_bsn", valid: ["111222333", "123456782", "1234.56.782"], invalid: ["123456789", "000000000", "11122233"]),
        Case(
            validator: "germany_tax_id", valid: ["86095742719", "65929970489", "57549285017", "25768131411"],
            invalid: ["86095742718", "12345678903", "01234567890", "11111111111"]),
        Case(validator: "poland_pesel", valid: ["44051401359", "02070803628"], invalid: ["44051401358", "44135401354", "4405140135"]),
        Case(validator: "japan_my_number", valid: ["123456789018", "1234 5678 9018", "987654321093"], invalid: ["123456789012", "111111111111", "12345678901"]),
        Case(validator: "india_aadhaar", valid: ["234123412346", "4991 1866 5246"], invalid: ["234123412347", "123412341234", "222222222222"]),
        Case(
            validator: "korea_rrn", valid: ["800101-1234560", "900101-2345670", "211231-3123456"],
            invalid: ["800101-1234561", "800101-5234560", "800230-1234567"]),
        Case(validator: "australia_tfn", valid: ["123 456 782", "876543210", "87654322"], invalid: ["123 456 789", "111 111 111", "1234567"]),
        Case(validator: "australia_medicare", valid: ["2123 45670 1", "21234567011"], invalid: ["2123 45671 1", "2123 45670 0", "1123 45670 1"]),
        Case(validator: "brazil_cpf", valid: ["529.982.247-25", "111.444.777-35"], invalid: ["529.982.247-26", "111.111.111-11", "5299822472"]),
        Case(
            validator: "china_resident_id", valid: ["11010519491231002X", "11010519491231002x", "320102199003074210"],
            invalid: ["110105194912310021", "110105194913310028", "910105194912310028"]),
        Case(
            validator: "france_insee", valid: ["2 55 08 14 168 025 38", "184127645108946", "2 69 05 2A 004 001 39"],
            invalid: ["2 55 08 14 168 025 39", "5 55 08 14 168 025 38", "2 55 13 14 168 025 38"]),
        Case(validator: "spain_dni", valid: ["12345678Z", "00000000T", "87654321-X"], invalid: ["12345678A", "1234567Z", "12345678"]),
        Case(validator: "spain_nie", valid: ["X1234567L", "Y1234567X", "X9876543K"], invalid: ["X1234567A", "A1234567L", "X123456L"]),
        Case(
            validator: "italy_fiscal_code", valid: ["RSSMRA85T10A562S", "rssmra85t10a562s", "MRTMTT91D08F205J"],
            invalid: ["RSSMRA85T10A562T", "RSSMRA85Z10A562S", "RSSMRA85T99A562S"]),
        Case(
            validator: "singapore_nric", valid: ["S1234567D", "T1234567J", "F1234567N", "G1234567X"],
            invalid: ["S1234567A", "A1234567D", "S123456D"]),
        Case(validator: "uk_nino", valid: ["AB 12 34 56 C", "JG103759A"], invalid: ["QQ 12 34 56 C", "GB123456A", "AB123456E", "DA123456A"]),
        Case(validator: "usa_itin", valid: ["912-70-1234", "900-94-1234", "999-99-0000"], invalid: ["912-40-1234", "812-70-1234", "912-93-1234"]),
        Case(validator: "usa_mbi", valid: ["1EG4-TE5-MK73", "1EG4TE5MK73"], invalid: ["0EG4-TE5-MK73", "1SG4-TE5-MK73", "1EG4TE5MK7"]),
        Case(
            validator: "iban",
            valid: ["GB82 WEST 1234 5698 7654 32", "DE89370400440532013000", "FR1420041010050500013M02606", "NO9386011117947"],
            invalid: ["DE89370400440532013001", "GB82 WEST 1234 5698 7654 3", "XX82WEST12345698765432"]),
        Case(validator: "bic", valid: ["DEUTDEFF", "DEUTDEFF500", "NWBKGB2L"], invalid: ["CUSTXX12", "DEUTDEFF5", "1EUTDEFF"]),
        Case(
            validator: "mac_address", valid: ["00:1A:2B:3C:4D:5E", "a4-5e-60-d2-1f-0b", "0050.56c0.0001"],
            invalid: ["00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff", "2024.0115.1030"]),
    ]

    @Test(arguments: ValidatorTests.cases)
    func acceptsValidIdentifiers(_ testCase: Case) throws {
        let validator = try #require(Validator.named(testCase.validator))
        for value in testCase.valid {
            #expect(validator.accepts(value), "\(testCase.validator) should accept \(value)")
        }
    }

    @Test(arguments: ValidatorTests.cases)
    func rejectsInvalidIdentifiers(_ testCase: Case) throws {
        let validator = try #require(Validator.named(testCase.validator))
        for value in testCase.invalid {
            #expect(!validator.accepts(value), "\(testCase.validator) should reject \(value)")
        }
    }

    @Test func everyRegisteredValidatorHasCases() {
        let covered = Set(Self.cases.map(\.validator))
        for validator in Validator.all {
            #expect(covered.contains(validator.name), "no test cases for \(validator.name)")
        }
    }

    @Test func namesAreUnique() {
        #expect(Set(Validator.all.map(\.name)).count == Validator.all.count)
    }
}
