// Why this file is built this way
//
// Micro benchmarks of PIIMaskCore's per-record work, through its public API only, with the
// allocation counts that `make bench-check` holds against `Benchmarks/Thresholds/`.
//
// - Record scans mask one chunk of `recordsPerChunk` records per iteration (the pipeline's unit of
//   work), so `scalingFactor: .kilo` makes the `--scale` figures per record. Value-level benchmarks
//   (detection, actions) loop `benchmark.scaledIterations` times, so theirs are per value.
// - Output buffers are reused across iterations (`removeAll(keepingCapacity: true)`), as the
//   pipeline does, and warm-up iterations grow them first: what is measured is the steady state.
// - Every fixture is checked before it is measured (a fast wrong answer fails): the no-PII chunks
//   must come out byte for byte unchanged, the PII chunks with the expected replacement count.
// - `masker.stats` is never read inside a measured loop: taking a copy would make the masker's next
//   counter update copy the array (an allocation the pipeline does not pay).
//
// The checked metric is `mallocCountTotal` (deterministic); time and throughput are reported only.
// Thresholds are p90 mallocs per iteration: 0 for chunks without matches, a small fixed number for
// chunks with matches. After an intended change, re-record them (see Benchmarks/README.md).

import Benchmark
import PIIMaskCore

/// Records per chunk in the record-scan benchmarks: with `.kilo` scaling, scaled figures are per record.
let recordsPerChunk = 1000

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 3,
        scalingFactor: .kilo,
        maxDuration: .seconds(1),
        maxIterations: 10_000,
        // Zero tolerance on the allocation count; wall clock and throughput are never checked
        // (the threshold files hold only `mallocCountTotal`).
        thresholds: [.mallocCountTotal: .init(relative: [:], absolute: [.p90: 0])]
    )

    let jsonEngine: MaskingEngine
    let csvEngine: MaskingEngine
    let detectors: DetectorSet
    do {
        let library = try PatternLibrary.builtin()
        let plan = MaskingPlan(entities: library.defaultSelection, library: library)
        jsonEngine = try MaskingEngine(plan: plan, options: MaskingOptions(format: .jsonl))
        csvEngine = try MaskingEngine(plan: plan, options: MaskingOptions(format: .csv))
        detectors = try DetectorSet(library.defaultSelection)
    } catch {
        fatalError("piimask benchmarks: the built-in engine does not build: \(error)")
    }

    // MARK: Record scans

    recordScan("JSONScan.noPII", engine: jsonEngine, chunk: Fixtures.jsonChunk(withPII: false), expectedReplacements: 0)
    recordScan("JSONScan.nearMiss", engine: jsonEngine, chunk: Fixtures.jsonChunk(withPII: false, nearMisses: true),
               expectedReplacements: 0)
    recordScan("JSONScan.PII", engine: jsonEngine, chunk: Fixtures.jsonChunk(withPII: true),
               expectedReplacements: Fixtures.jsonReplacementsPerRecord * recordsPerChunk)
    recordScan("CSVScan.noPII", engine: csvEngine, chunk: Fixtures.csvChunk(withPII: false), expectedReplacements: 0)
    recordScan("CSVScan.PII", engine: csvEngine, chunk: Fixtures.csvChunk(withPII: true),
               expectedReplacements: Fixtures.csvReplacementsPerRecord * recordsPerChunk)

    // MARK: Detector prefilter, per value

    detect("Detect.shortValues", detectors, values: Fixtures.shortValues, expectMatch: false)
    detect("Detect.timestamp", detectors, values: ["2024-06-01T10:42:17.315Z"], expectMatch: false)
    detect("Detect.email", detectors, values: ["jane.doe@example.com"], expectMatch: true)

    // MARK: Actions, per value

    let applier = ActionApplier(hashKey: Array("piimask-benchmark-key".utf8))
    let email = "jane.doe@example.com"
    action("Action.redact", applier, .defaultRedaction, value: email, entity: "EMAIL", expected: "[EMAIL]")
    action("Action.partial", applier, .partial(PartialMask(keepRight: 4)), value: "4111 1111 1111 1111", entity: "CREDIT_CARD",
           expected: "***************1111")
    action("Action.hash", applier, .hash(HashOptions()), value: email, entity: "EMAIL",
           expected: "319ba684da241bda71668a3c7aace7a7fb5c9d6e90a6f3798a664d7039673343")  // HMAC-SHA-256, the key above
    action("Action.sha256", applier, .sha256(HashOptions()), value: email, entity: "EMAIL",
           expected: "86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d")
    action("Action.pseudonym", applier, .pseudonym, value: email, entity: "EMAIL", expected: nil)
    action("Action.generalize", applier, .generalize(Generalization()), value: "203.0.113.42", entity: "IP_ADDRESS",
           expected: "203.0.113.0")
}

/// One chunk of records through `RecordMasker.mask(chunk:startsFile:header:into:)` per iteration.
func recordScan(_ name: String, engine: MaskingEngine, chunk: [UInt8], expectedReplacements: Int) {
    var masker = RecordMasker(engine: engine)
    var output: [UInt8] = []
    output.reserveCapacity(chunk.count * 2)

    // Check the fixture before measuring it.
    let outcome = masker.mask(chunk: chunk.span, startsFile: false, header: nil, into: &output)
    precondition(outcome.records == recordsPerChunk && outcome.issues.isEmpty && outcome.fatal == nil,
                 "\(name): \(outcome.records) records, issues \(outcome.issues)")
    let replacements = Fixtures.countReplacements(in: output)
    precondition(replacements == expectedReplacements,
                 "\(name): \(replacements) replacements, expected \(expectedReplacements):\n\(String(decoding: output.prefix(2000), as: UTF8.self))")
    if expectedReplacements == 0 { precondition(output == chunk, "\(name): the chunk did not come out unchanged") }

    Benchmark(name) { _ in
        output.removeAll(keepingCapacity: true)
        let outcome = masker.mask(chunk: chunk.span, startsFile: false, header: nil, into: &output)
        blackHole(outcome.records)
        blackHole(output.count)
    }
}

/// `DetectorSet.detect(in:fieldName:scratch:into:)` on each of `values` in turn, once per scaled iteration.
func detect(_ name: String, _ detectors: DetectorSet, values: [String], expectMatch: Bool) {
    let scratch = RegexScratch()
    let values = values.map { Array($0.utf8) }
    let fieldName = Array("msg".utf8)
    var matches: [EntityMatch] = []
    matches.reserveCapacity(16)
    for value in values {
        let outcome = detectors.detect(in: value.span, fieldName: fieldName.span, scratch: scratch, into: &matches)
        precondition((outcome == .found) == expectMatch, "\(name): \(outcome) for '\(String(decoding: value, as: UTF8.self))'")
    }

    Benchmark(name) { benchmark in
        var index = 0
        for _ in benchmark.scaledIterations {
            let value = values[index]
            let outcome = detectors.detect(in: value.span, fieldName: fieldName.span, scratch: scratch, into: &matches)
            blackHole(outcome)
            index = index + 1 == values.count ? 0 : index + 1
        }
    }
}

/// `ActionApplier.apply(_:to:entity:partialClass:scratch:into:)` once per scaled iteration.
func action(_ name: String, _ applier: ActionApplier, _ action: MaskAction, value: String, entity: String, expected: String?) {
    let scratch = RegexScratch()
    let value = Array(value.utf8)
    var output: [UInt8] = []
    output.reserveCapacity(256)
    applier.apply(action, to: value.span, entity: entity, partialClass: nil, scratch: scratch, into: &output)
    precondition(!output.isEmpty && output != value, "\(name): the value came out unchanged")
    if let expected {
        precondition(output == Array(expected.utf8), "\(name): '\(String(decoding: output, as: UTF8.self))', expected '\(expected)'")
    } else {
        precondition(output.count == value.count, "\(name): '\(String(decoding: output, as: UTF8.self))' is not the shape of the value")
    }

    Benchmark(name) { benchmark in
        for _ in benchmark.scaledIterations {
            output.removeAll(keepingCapacity: true)
            applier.apply(action, to: value.span, entity: entity, partialClass: nil, scratch: scratch, into: &output)
            blackHole(output.count)
        }
    }
}

/// Deterministic fixtures in the shape of `corpus.py`'s app-log events and customer table.
enum Fixtures {
    static let jsonReplacementsPerRecord = 3
    static let csvReplacementsPerRecord = 4

    /// Short values that trigger no detector: most string values of an app log.
    static let shortValues = [
        "info", "checkout", "web-12", "GET", "/api/v2/orders/48213", "Jane Doe", "pro",
        "request completed in 182 ms",
    ]

    private static let levels = ["debug", "info", "info", "info", "warn", "error"]
    private static let services = ["checkout", "payments", "auth", "search", "inventory", "notifications"]
    private static let methods = ["GET", "POST", "PUT", "DELETE"]
    private static let resources = ["orders", "carts", "users", "sessions", "products", "invoices"]
    private static let names = ["Jane Doe", "John Smith", "Ana García", "Li Wei", "Priya Patel", "José Müller"]
    private static let agents = [
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
        "curl/8.5.0", "okhttp/4.12.0", "python-requests/2.31.0",
    ]
    private static let tags = ["[]", "[\"canary\"]", "[\"eu-west\",\"retry\"]", "[\"batch\"]"]

    /// A small deterministic generator (SplitMix64), so the fixtures do not depend on the platform.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
        /// Lowercase hex starting with a letter, like trace ids.
        mutating func hexID(_ length: Int) -> String {
            var text = String(Array("abcdef")[below(6)])
            while text.count < length { text += String(next() & 0xF, radix: 16) }
            return text
        }
    }

    /// Valid PII, as `corpus.py` plants it (Luhn-valid cards, SSA-valid SSNs, NANP phones).
    private static let emails = ["jane.doe@example.com", "j.smith+billing@mail.example.org", "priya@example.co.uk"]
    private static let cards = ["4111 1111 1111 1111", "5500-0000-0000-0004", "378282246310005"]
    private static let phones = ["(415) 555-0199", "+1 202 555 0143", "212-555-0182"]
    private static let ips = ["203.0.113.42", "198.51.100.7", "2001:db8:85a3::8a2e:370:7334"]

    /// `recordsPerChunk` JSON Lines app-log events; with PII, each has an email, a client IP and a
    /// card or phone number in its message (three replacements).
    ///
    /// With `nearMisses`, each message holds a look-alike that a detector's regex matches and its
    /// validator rejects (a Luhn-invalid 16-digit number, an SSN with area 000): still no match.
    static func jsonChunk(withPII: Bool, nearMisses: Bool = false) -> [UInt8] {
        var random = Generator(state: withPII ? 2 : nearMisses ? 5 : 1)
        var text = ""
        for index in 0..<recordsPerChunk {
            let second = index % 60
            let millis = random.below(1000)
            let ts = "2024-06-01T10:\(pad(index / 60 % 60, 2)):\(pad(second, 2)).\(pad(millis, 3))Z"
            let path = "/api/v\(1 + random.below(3))/\(random.pick(resources))/\(1 + random.below(99_999))"
            var message: String
            switch random.below(4) {
            case 0: message = "request completed in \(1 + random.below(2000)) ms"
            case 1: message = "\(random.pick(methods)) \(path) returned \(random.pick([200, 201, 204, 404, 500]))"
            case 2: message = "order \(10_000 + random.below(90_000)) shipped via ups"
            default: message = "queue depth \(100 + random.below(4900)) above threshold \(10 + random.below(90))0"
            }
            var user = "\"id\":\"u_\(random.below(10_000_000))\",\"name\":\"\(random.pick(names))\",\"plan\":\"\(random.pick(["free", "pro", "team"]))\""
            var http = "\"method\":\"\(random.pick(methods))\",\"path\":\"\(path)\",\"status\":\(random.pick([200, 201, 404])),\"duration_ms\":\(random.below(900)).\(pad(random.below(100), 2)),\"ua\":\"\(random.pick(agents))\""
            if withPII {
                user += ",\"email\":\"\(random.pick(emails))\""
                http += ",\"client_ip\":\"\(random.pick(ips))\""
                message = index % 2 == 0
                    ? "payment declined for card \(random.pick(cards)) reason insufficient funds"
                    : "callback number \(random.pick(phones)) saved to profile"
            } else if nearMisses {
                message = index % 2 == 0
                    ? "order 4111111111111112 shipped via ups"
                    : "ticket 000-12-3456 closed by support"
            }
            text += "{\"ts\":\"\(ts)\",\"level\":\"\(random.pick(levels))\",\"service\":\"\(random.pick(services))\","
            text += "\"host\":\"\(random.pick(["web", "api", "worker"]))-\(1 + random.below(40))\","
            text += "\"trace_id\":\"\(random.hexID(32))\",\"span_id\":\"\(random.hexID(16))\",\"msg\":\"\(message)\","
            text += "\"user\":{\(user)},\"http\":{\(http)},\"tags\":\(random.pick(tags))}\n"
        }
        return Array(text.utf8)
    }

    /// `recordsPerChunk` CSV rows. Without PII an order table
    /// (`order_id,sku,qty,price,status,created_at,note`); with PII a customer table
    /// (`name,email,phone,ssn,card,ip,note`, four replacements per row: email, phone, card, ip).
    static func csvChunk(withPII: Bool) -> [UInt8] {
        var random = Generator(state: withPII ? 4 : 3)
        var text = ""
        for index in 0..<recordsPerChunk {
            let cells: [String]
            if withPII {
                cells = [random.pick(names), random.pick(emails), random.pick(phones), "", random.pick(cards),
                         random.pick(ips), random.pick(["prefers email", "\"VIP, call before noon\"", ""])]
            } else {
                cells = ["ord_\(100_000 + index)", "\(random.pick(["A", "B", "C"]))-\(random.below(1000))",
                         "\(1 + random.below(9))", "\(random.below(500)).\(pad(random.below(100), 2))",
                         random.pick(["paid", "shipped", "refunded"]),
                         "2024-06-\(pad(1 + index % 28, 2))T\(pad(index % 24, 2)):\(pad(index % 60, 2)):00Z",
                         random.pick(["gift wrap", "\"leave at door, ring twice\"", ""])]
            }
            text += cells.joined(separator: ",") + "\n"
        }
        return Array(text.utf8)
    }

    private static func pad(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// The number of `[ENTITY]` tokens the default redaction wrote.
    static func countReplacements(in output: [UInt8]) -> Int {
        let tokens = ["CREDIT_CARD", "EMAIL", "IP_ADDRESS", "MAC_ADDRESS", "PHONE_NUMBER", "USA_SSN"].map { Array("[\($0)]".utf8) }
        var count = 0
        var index = 0
        while index < output.count {
            if output[index] == UInt8(ascii: "["),
               let token = tokens.first(where: { index + $0.count <= output.count && output[index..<index + $0.count].elementsEqual($0) }) {
                count += 1
                index += token.count
            } else {
                index += 1
            }
        }
        return count
    }
}
