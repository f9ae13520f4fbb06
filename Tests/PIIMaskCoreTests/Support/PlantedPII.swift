/// PII values that the default detectors find, each new at random: e-mail addresses, Luhn-valid
/// card numbers, US SSNs, IPv4 addresses and US phone numbers, in the spellings people write.
enum PlantedPII {
    /// A new PII value.
    static func value(using generator: inout SeededGenerator) -> String {
        switch Int.random(in: 0..<5, using: &generator) {
        case 0:
            let local = (0..<Int.random(in: 3...9, using: &generator)).map { _ in
                "abcdefghijklmnopqrstuvwxyz0123456789".randomElement(using: &generator)!
            }
            let separator = ["", ".", "_", "-", "+"].randomElement(using: &generator)!
            let domain = ["example.com", "mail.example.org", "corp.example.co.uk", "example.net"].randomElement(using: &generator)!
            return "\(String(local.prefix(2)))\(separator)\(String(local.dropFirst(2)))@\(domain)"
        case 1:
            var digits = [["4"], ["5", "1"], ["5", "5"]].randomElement(using: &generator)!.map { Int($0)! }
            while digits.count < 15 { digits.append(Int.random(in: 0...9, using: &generator)) }
            digits.append(luhnCheckDigit(digits))
            let groups = stride(from: 0, to: 16, by: 4).map { digits[$0..<($0 + 4)].map(String.init).joined() }
            return groups.joined(separator: ["", " ", "-"].randomElement(using: &generator)!)
        case 2:
            let area = Int.random(in: 100...665, using: &generator)
            return "\(area)-\(Int.random(in: 10...99, using: &generator))-\(Int.random(in: 1000...9999, using: &generator))"
        case 3:
            let octets = [Int.random(in: 11...199, using: &generator), Int.random(in: 0...255, using: &generator),
                          Int.random(in: 0...255, using: &generator), Int.random(in: 1...254, using: &generator)]
            return octets.map(String.init).joined(separator: ".")
        default:
            let area = ["415", "212", "646", "303", "617", "202"].randomElement(using: &generator)!
            let exchange = Int.random(in: 230...989, using: &generator)
            let number = String(Int.random(in: 0...9999, using: &generator))
            let line = String(repeating: "0", count: 4 - number.count) + number
            return ["(\(area)) \(exchange)-\(line)", "\(area)-\(exchange)-\(line)", "+1 \(area) \(exchange) \(line)"]
                .randomElement(using: &generator)!
        }
    }

    /// The digit that makes `digits` followed by it pass the Luhn check.
    static func luhnCheckDigit(_ digits: [Int]) -> Int {
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            let weighted = offset.isMultiple(of: 2) ? digit * 2 : digit
            sum += weighted > 9 ? weighted - 9 : weighted
        }
        return (10 - sum % 10) % 10
    }
}
