import Foundation
import Testing

@testable import PIIMaskCore

/// The library's quality bars. Precision: a seeded corpus of realistic PII-free logs and CSV
/// (ids, hashes, UUIDs, timestamps, prices, versions, paths, URLs) yields no detection of a
/// validated type with `--entities all`. Recall: every `mask` example of every pattern, planted in
/// JSON strings, CSV cells and English and Japanese free text, comes out masked.
@Suite("Precision and recall")
struct PrecisionRecallTests {
    static let library: PatternLibrary = {
        do { return try PatternLibrary.builtin() } catch { fatalError("built-in library: \(error)") }
    }()

    // MARK: Precision

    /// Realistic machine data with no personal data in it.
    ///
    /// Numeric ids are 6-10 digits, hex, prefixed or UUIDs. Bare numbers of 11-19 digits are left
    /// out on purpose: they are indistinguishable from checksum identifiers matched on digits
    /// alone (as Glue and Presidio match them). PESEL, CPF and the German Steuer-ID are 11 bare
    /// digits that about one random number in 100-300 passes; a 13-digit number is a Korean RRN
    /// when it starts with a date and passes mod-11, and a 12-19-digit number with a card prefix is
    /// a card one time in ten (Luhn). A seeded run with 12-13-digit ids found exactly these.
    struct Corpus {
        var generator: SeededGenerator

        mutating func digits(_ count: Int) -> String {
            String((0..<count).map { index in
                Character(String(index == 0 ? Int.random(in: 1...9, using: &generator) : Int.random(in: 0...9, using: &generator)))
            })
        }

        mutating func hex(_ count: Int) -> String {
            String((0..<count).map { _ in "0123456789abcdef".randomElement(using: &generator)! })
        }

        mutating func uuid() -> String { "\(hex(8))-\(hex(4))-4\(hex(3))-a\(hex(3))-\(hex(12))" }

        mutating func id() -> String {
            switch Int.random(in: 0..<5, using: &generator) {
            case 0: digits(Int.random(in: 6...10, using: &generator))
            case 1: hex(24)
            case 2: uuid()
            case 3: "ord_" + hex(16)
            default: String(Int.random(in: 1...99_999, using: &generator))
            }
        }

        mutating func timestamp() -> String {
            let (y, mo, d) = (Int.random(in: 2015...2026, using: &generator), Int.random(in: 1...12, using: &generator), Int.random(in: 1...28, using: &generator))
            let (h, mi, s, ms) = (Int.random(in: 0...23, using: &generator), Int.random(in: 0...59, using: &generator),
                                  Int.random(in: 0...59, using: &generator), Int.random(in: 0...999, using: &generator))
            let date = String(format: "%04d-%02d-%02d", y, mo, d)
            let time = String(format: "%02d:%02d:%02d", h, mi, s)
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: return "\(date)T\(time).\(String(format: "%03d", ms))Z"
            case 1: return "\(date) \(time)"
            case 2: return "\(date)T\(time)+09:00"
            default: return String(1_500_000_000 + Int.random(in: 0...300_000_000, using: &generator))  // epoch seconds
            }
        }

        mutating func price() -> String {
            let amount = Double(Int.random(in: 1...999_999, using: &generator)) / 100
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: return String(format: "$%.2f", amount)
            case 1: return String(format: "%.2f EUR", amount)
            case 2: return String(format: "¥%d", Int(amount * 10))
            default: return String(format: "%.2f", amount)
            }
        }

        /// Semantic versions (2-3 parts); four-part versions carry a `v` or a build number past 255,
        /// because a bare dotted quad of small numbers (`11.24.18.5`) is a valid IPv4 address and is
        /// masked as one, by design.
        mutating func version() -> String {
            let parts = (0..<Int.random(in: 2...3, using: &generator)).map { _ in String(Int.random(in: 0...40, using: &generator)) }
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: return parts.joined(separator: ".")
            case 1: return "v" + parts.joined(separator: ".") + ".\(Int.random(in: 0...40, using: &generator))"
            default: return parts.joined(separator: ".") + ".\(Int.random(in: 256...99_999, using: &generator))"
            }
        }

        mutating func path() -> String {
            let words = ["var", "lib", "app", "data", "cache", "assets", "img", "static", "build", "logs", "tmp", "usr", "share"]
            let parts = (0..<Int.random(in: 2...5, using: &generator)).map { _ in words.randomElement(using: &generator)! }
            return "/" + parts.joined(separator: "/") + "/" + hex(8) + [".json", ".log", ".png", ".tar.gz", ""].randomElement(using: &generator)!
        }

        mutating func url() -> String {
            let hosts = ["example.com", "api.example.org", "cdn.example.net", "shop.example.co.jp", "localhost:8080"]
            return "https://\(hosts.randomElement(using: &generator)!)/v\(Int.random(in: 1...3, using: &generator))/items/\(id())?page=\(Int.random(in: 1...50, using: &generator))&sort=asc"
        }

        mutating func logLine() -> String {
            let level = ["INFO", "WARN", "DEBUG", "ERROR"].randomElement(using: &generator)!
            let method = ["GET", "POST", "PUT", "DELETE"].randomElement(using: &generator)!
            let status = [200, 201, 204, 301, 400, 404, 500].randomElement(using: &generator)!
            switch Int.random(in: 0..<4, using: &generator) {
            case 0:
                return "\(timestamp()) \(level) [req=\(uuid())] \(method) \(url()) \(status) \(Int.random(in: 1...5000, using: &generator))ms"
            case 1:
                return "\(timestamp()) \(level) build \(version()) commit=\(hex(40)) sha256=\(hex(64)) artifact=\(path())"
            case 2:
                return "\(timestamp()) \(level) order \(id()) total=\(price()) items=\(Int.random(in: 1...20, using: &generator)) sku=SKU-\(digits(6)) warehouse=WH\(digits(3))"
            default:
                return "\(timestamp()) \(level) job \(hex(12)) took \(Double(Int.random(in: 1...99_999, using: &generator)) / 1000)s rows=\(Int.random(in: 0...9_999_999, using: &generator)) etag=\"\(hex(32))\""
            }
        }

        mutating func csvRow() -> String {
            [id(), "SKU-\(digits(6))", price().replacingOccurrences(of: ",", with: ""), timestamp(), uuid(), hex(40), version(), path(), url()]
                .map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ",")
        }
    }

    static func detections(in input: String, format: RecordFormat) throws -> [(entity: String, count: Int)] {
        let result = try MaskingHarness.run(input, entities: "all", format: format)
        return result.engine.entityNames.enumerated().compactMap { index, name in
            let count = result.summary.stats.matches[index]
            return count > 0 ? (name, count) : nil
        }
    }

    static var validatedTypes: Set<String> { Set(library.definitions.filter { $0.validator != nil }.map(\.name)) }

    @Test func noValidatedDetectionsInLogs() throws {
        var corpus = Corpus(generator: SeededGenerator(seed: 20_240_517))
        let text = (0..<4000).map { _ in corpus.logLine() }.joined(separator: "\n") + "\n"
        let found = try Self.detections(in: text, format: .text)
        let validated = found.filter { Self.validatedTypes.contains($0.entity) }
        #expect(validated.isEmpty, "validated types found in PII-free logs: \(validated)")
        if !validated.isEmpty { Self.report(text, format: .text) }
    }

    @Test func noValidatedDetectionsInCSV() throws {
        var corpus = Corpus(generator: SeededGenerator(seed: 31_337))
        let header = "order_id,sku,price,created_at,uuid,commit,version,path,url\n"
        let csv = header + (0..<3000).map { _ in corpus.csvRow() }.joined(separator: "\n") + "\n"
        let found = try Self.detections(in: csv, format: .csv)
        let validated = found.filter { Self.validatedTypes.contains($0.entity) }
        #expect(validated.isEmpty, "validated types found in PII-free CSV: \(validated)")
        if !validated.isEmpty { Self.report(csv, format: .csv) }
    }

    @Test func noValidatedDetectionsInJSONLines() throws {
        var corpus = Corpus(generator: SeededGenerator(seed: 99))
        var lines: [String] = []
        for _ in 0..<2000 {
            let object: [String: Any] = [
                "ts": corpus.timestamp(), "request_id": corpus.uuid(), "order": corpus.id(), "amount": corpus.price(),
                "version": corpus.version(), "path": corpus.path(), "url": corpus.url(), "digest": corpus.hex(64),
                "count": Int.random(in: 0...1_000_000, using: &corpus.generator),
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            lines.append(String(decoding: data, as: UTF8.self))
        }
        let input = lines.joined(separator: "\n") + "\n"
        let found = try Self.detections(in: input, format: .jsonl)
        let validated = found.filter { Self.validatedTypes.contains($0.entity) }
        #expect(validated.isEmpty, "validated types found in PII-free JSON: \(validated)")
        if !validated.isEmpty { Self.report(input, format: .jsonl) }
    }

    /// Prints the lines a run changed, to make a precision failure easy to read.
    static func report(_ input: String, format: RecordFormat) {
        guard let result = try? MaskingHarness.run(input, entities: "all", format: format) else { return }
        let before = input.split(separator: "\n")
        for (original, masked) in zip(before, result.lines) where original != masked {
            print("- \(original)\n+ \(masked)")
        }
    }

    // MARK: Recall

    /// Every mask example with the span it must lose (found by its own entity alone).
    struct Planted: CustomTestStringConvertible, Sendable {
        let entity: String
        let example: String
        let spans: [String]
        var testDescription: String { "\(entity): \(example.prefix(40))" }
    }

    static let planted: [Planted] = {
        var result: [Planted] = []
        for definition in library.definitions {
            guard let set = try? DetectorSet([definition]) else { continue }
            for example in definition.maskExamples {
                let spans = PatternExamples.findings(in: Array(example.utf8), set: set).map(\.text)
                result.append(Planted(entity: definition.name, example: example, spans: spans))
            }
        }
        return result
    }()

    static var entityNames: [String] { library.definitions.map(\.name) }

    /// The contexts one example is planted in, for one entity's examples.
    static func contexts(for example: String) throws -> [(name: String, format: RecordFormat, input: String)] {
        let jsonString = String(decoding: try JSONSerialization.data(withJSONObject: example, options: [.fragmentsAllowed]), as: UTF8.self)
        let csvCell = "\"" + example.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        var contexts: [(String, RecordFormat, String)] = [
            ("JSON value", .jsonl, #"{"id":1,"note":"# + jsonString + "}\n"),
            ("JSON nested", .jsonl, "{\"a\":{\"b\":[\"x\",\"" + jsonString.dropFirst().dropLast() + " (see ticket)\"]}}\n"),
            ("CSV cell", .csv, "id,note,n\n1,\(csvCell),2\n"),
        ]
        if !example.contains("\n") {
            contexts.append(("English text", .text, "Customer wrote: \(example). Please review before Friday.\n"))
            contexts.append(("Japanese text", .text, "お客様の情報：\(example)。ご確認ください。\n"))
            contexts.append(("Japanese JSON", .jsonl, #"{"メモ":"# + jsonString.dropLast() + #"です。"}"# + "\n"))
        }
        return contexts
    }

    @Test(arguments: entityNames)
    func everyPlantedValueIsMasked(_ entity: String) throws {
        let examples = Self.planted.filter { $0.entity == entity }
        #expect(!examples.isEmpty)
        for planted in examples {
            #expect(!planted.spans.isEmpty, "example not detected alone: \(planted.example)")
            for (name, format, input) in try Self.contexts(for: planted.example) {
                let result = try MaskingHarness.run(input, entities: "all", format: format)
                for span in planted.spans {
                    #expect(!result.output.contains(Self.encoded(span, for: format)), "\(name): \(span) survived in \(result.output)")
                }
                // With only its own type enabled, this type finds it (the key/column name `note`
                // is no context word, so context-gated types rely on the example's own words).
                guard name == "JSON value" || name == "CSV cell" else { continue }
                let alone = try MaskingHarness.run(input, entities: entity, format: format)
                #expect(alone.matches(entity) >= planted.spans.count, "\(name): \(entity) alone missed \(planted.example)")
            }
        }
    }

    /// How a span appears in output of `format` (JSON escapes quotes, backslashes and newlines).
    static func encoded(_ span: String, for format: RecordFormat) -> String {
        guard format == .jsonl else { return span }
        let data = (try? JSONSerialization.data(withJSONObject: span, options: [.fragmentsAllowed, .withoutEscapingSlashes])) ?? Data()
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }
}
