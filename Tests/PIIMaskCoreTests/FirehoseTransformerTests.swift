import CompressNIO
import Foundation
import NIOCore
import Testing

@testable import PIIMaskCore

/// Contract tests of the Firehose data transformation (ARCHITECTURE.md, "External contracts"):
/// events are built here, responses are checked by decoding their JSON.
@Suite("Firehose transformation")
struct FirehoseTransformerTests {
    // MARK: - Helpers

    /// One response record, decoded.
    struct Out {
        var recordId: String
        var result: String
        var data: String?
        var kafkaRecordValue: String?
        var partitionKeys: [String: String]?
        var keys: Set<String>

        /// The decoded payload (data or kafkaRecordValue).
        var text: String {
            let value = data ?? kafkaRecordValue ?? ""
            return String(decoding: Data(base64Encoded: value) ?? Data(), as: UTF8.self)
        }
    }

    static func transformer(
        rules: String? = nil, entities: String? = nil, onError: ErrorPolicy = .mask, format: RecordFormat = .jsonl,
        configure: (inout FirehoseSettings) -> Void = { _ in }
    ) throws -> FirehoseTransformer {
        var request = PlanRequest()
        request.rulesText = rules
        request.entities = entities
        request.environment = ["PIIMASK_HASH_KEY": "test-key"]
        var options = MaskingOptions(format: format)
        options.onError = onError
        let engine = try MaskingEngine(plan: try PlanLoader.load(request), options: options)
        var settings = FirehoseSettings()
        configure(&settings)
        return FirehoseTransformer(engine: engine, settings: settings)
    }

    static func event(_ records: [[String: Any]], extra: [String: Any] = [:]) throws -> [UInt8] {
        var event: [String: Any] = [
            "invocationId": "invocationIdExample",
            "deliveryStreamArn": "arn:aws:firehose:us-east-1:123456789012:deliverystream/test",
            "region": "us-east-1",
            "records": records,
        ]
        for (key, value) in extra { event[key] = value }
        return Array(try JSONSerialization.data(withJSONObject: event))
    }

    static func record(_ id: String, _ payload: String, field: String = "data") -> [String: Any] {
        [
            "recordId": id,
            "approximateArrivalTimestamp": 1_700_000_000_000,
            field: Data(payload.utf8).base64EncodedString(),
        ]
    }

    static func decode(_ response: [UInt8]) throws -> [Out] {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(response)) as? [String: Any])
        #expect(Set(root.keys) == ["records"])
        let records = try #require(root["records"] as? [[String: Any]])
        return records.map { record in
            let metadata = record["metadata"] as? [String: Any]
            return Out(
                recordId: record["recordId"] as? String ?? "<missing>",
                result: record["result"] as? String ?? "<missing>",
                data: record["data"] as? String,
                kafkaRecordValue: record["kafkaRecordValue"] as? String,
                partitionKeys: metadata?["partitionKeys"] as? [String: String],
                keys: Set(record.keys))
        }
    }

    static func run(_ transformer: FirehoseTransformer, _ records: [[String: Any]]) throws -> [Out] {
        try decode(try transformer.transform(event: event(records)).response)
    }

    static func gzip(_ text: String) throws -> Data {
        var buffer = ByteBuffer(string: text)
        let compressed = try buffer.compress(with: .gzip())
        return Data(compressed.readableBytesView)
    }

    // MARK: - Sources

    @Test("direct PUT: same ids, same order, each record masked, newline convention kept")
    func directPut() throws {
        let transformer = try Self.transformer()
        let out = try Self.run(transformer, [
            Self.record("a", #"{"user":"jane@example.com","n":1}"# + "\n"),
            Self.record("b", #"{"note":"call 202-555-0143 or mail bob@example.org"}"#),
            Self.record("c", "{\"k\":1}\r\n{\"mail\":\"x@example.com\"}\n{\"k\":3}"),
            Self.record("d", ""),
        ])
        #expect(out.map(\.recordId) == ["a", "b", "c", "d"])
        #expect(out.allSatisfy { $0.result == "Ok" })
        #expect(out.allSatisfy { $0.keys == ["recordId", "result", "data"] })
        #expect(out[0].text == #"{"user":"[EMAIL]","n":1}"# + "\n")
        #expect(out[1].text.contains("[EMAIL]") && !out[1].text.contains("bob@example.org"))
        #expect(!out[1].text.hasSuffix("\n"))
        #expect(out[2].text == "{\"k\":1}\r\n{\"mail\":\"[EMAIL]\"}\n{\"k\":3}")
        #expect(out[3].data == "")
    }

    @Test("Kinesis-stream source: kinesisRecordMetadata is accepted and not echoed")
    func kinesisSource() throws {
        var record = Self.record("49546986683135544286507457936321625675700192471156785154", #"{"email":"a@example.com"}"# + "\n")
        record["kinesisRecordMetadata"] = [
            "shardId": "shardId-000000000000",
            "partitionKey": "4d1ad2b9-24f8-4b9d-a088-76e9947c317a",
            "approximateArrivalTimestamp": 1_700_000_000_000,
            "sequenceNumber": "49546986683135544286507457936321625675700192471156785154",
            "subsequenceNumber": "",
        ]
        let transformer = try Self.transformer()
        let out = try Self.decode(try transformer.transform(event: Self.event(
            [record], extra: ["sourceKinesisStreamArn": "arn:aws:kinesis:us-east-1:123456789012:stream/test"])).response)
        #expect(out.count == 1)
        #expect(out[0].recordId == "49546986683135544286507457936321625675700192471156785154")
        #expect(out[0].result == "Ok")
        #expect(out[0].keys == ["recordId", "result", "data"])
        #expect(out[0].text == #"{"email":"[EMAIL]"}"# + "\n")
    }

    @Test("MSK source: kafkaRecordValue in, kafkaRecordValue out")
    func mskSource() throws {
        var record = Self.record("msk-1", #"{"email":"a@example.com"}"#, field: "kafkaRecordValue")
        record["topic"] = "logs"
        record["kafkaRecordPartition"] = 0
        record["kafkaRecordOffset"] = 42
        let transformer = try Self.transformer()
        let out = try Self.run(transformer, [record, Self.record("msk-2", "!", field: "kafkaRecordValue")])
        #expect(out.map(\.recordId) == ["msk-1", "msk-2"])
        #expect(out[0].result == "Ok")
        #expect(out[0].keys == ["recordId", "result", "kafkaRecordValue"])
        #expect(out[0].text == #"{"email":"[EMAIL]"}"#)
        #expect(out[1].result == "Ok")
    }

    @Test("CloudWatch Logs: CONTROL_MESSAGE dropped, DATA_MESSAGE messages masked one per line")
    func cloudWatchLogs() throws {
        let control = #"{"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"","subscriptionFilters":[],"logEvents":[{"id":"","timestamp":1700000000000,"message":"CWL CONTROL MESSAGE: Checking health of destination Firehose."}]}"#
        let events: [[String: Any]] = [
            ["id": "1", "timestamp": 1_700_000_000_000, "message": #"{"level":"info","user":"jane@example.com"}"#],
            ["id": "2", "timestamp": 1_700_000_000_001, "message": "login failed for bob@example.org from 203.0.113.9"],
            ["id": "3", "timestamp": 1_700_000_000_002, "message": "Traceback:\n  mail=c@example.net"],
        ]
        let data: [String: Any] = [
            "messageType": "DATA_MESSAGE", "owner": "123456789012", "logGroup": "/aws/lambda/app",
            "logStream": "2024/01/01/[$LATEST]abc", "subscriptionFilters": ["all"], "logEvents": events,
        ]
        let dataJSON = String(decoding: try JSONSerialization.data(withJSONObject: data), as: UTF8.self)
        let records: [[String: Any]] = [
            ["recordId": "ctl", "approximateArrivalTimestamp": 1, "data": try Self.gzip(control).base64EncodedString()],
            ["recordId": "dat", "approximateArrivalTimestamp": 2, "data": try Self.gzip(dataJSON).base64EncodedString()],
            ["recordId": "raw", "approximateArrivalTimestamp": 3, "data": Data("not gzip".utf8).base64EncodedString()],
            ["recordId": "odd", "approximateArrivalTimestamp": 4, "data": try Self.gzip(#"{"messageType":"OTHER"}"#).base64EncodedString()],
        ]
        let transformer = try Self.transformer { $0.cloudWatchLogs = true }
        let out = try Self.run(transformer, records)
        #expect(out.map(\.recordId) == ["ctl", "dat", "raw", "odd"])
        #expect(out.map(\.result) == ["Dropped", "Ok", "ProcessingFailed", "ProcessingFailed"])
        let lines = out[1].text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(out[1].text.hasSuffix("\n"))
        #expect(lines.count == 5)  // three events, the third holding a newline, and the final empty piece
        #expect(lines[0] == #"{"level":"info","user":"[EMAIL]"}"#)
        #expect(lines[1].hasPrefix("login failed for [EMAIL] from "))
        #expect(!out[1].text.contains("@example"))
        // A failed record carries its original data.
        #expect(out[2].data == records[2]["data"] as? String)
        #expect(out[3].data == records[3]["data"] as? String)
    }

    // MARK: - Failures stay per record

    @Test("bad base64 is ProcessingFailed with the original data; the batch goes on")
    func badBase64() throws {
        let transformer = try Self.transformer()
        let out = try Self.run(transformer, [
            Self.record("ok", #"{"a":"x@example.com"}"#),
            ["recordId": "bad", "approximateArrivalTimestamp": 1, "data": "not base64!"],
            ["recordId": "short", "approximateArrivalTimestamp": 1, "data": "QUJDR"],
            ["recordId": "none", "approximateArrivalTimestamp": 1],
        ])
        #expect(out.map(\.result) == ["Ok", "ProcessingFailed", "ProcessingFailed", "ProcessingFailed"])
        #expect(out[1].data == "not base64!")
        #expect(out[2].data == "QUJDR")
        #expect(out[3].data == "")
    }

    @Test("a UTF-16 record is ProcessingFailed with its data, under every error policy")
    func utf16Record() throws {
        let utf16 = UnreadableEncodingTests.encode(#"{"a":"jane@example.com"}"#, as: "UTF-16LE")
        let encoded = Data(utf16).base64EncodedString()
        let records: [[String: Any]] = [
            Self.record("ok", #"{"a":"x@example.com"}"#),
            ["recordId": "utf16", "approximateArrivalTimestamp": 1, "data": encoded],
        ]
        for policy in [ErrorPolicy.mask, .drop, .fail] {
            let output = try Self.transformer(onError: policy).transform(event: Self.event(records))
            let out = try Self.decode(output.response)
            #expect(out.map(\.result) == ["Ok", "ProcessingFailed"])
            #expect(out[1].data == encoded)
            #expect(output.issues.first?.message.contains("UTF-16LE, not UTF-8") == true)
        }
    }

    @Test("base64 with JSON-escaped slashes and without padding decodes")
    func base64Variants() throws {
        let payload = "{\"a\":\"???>>>\"}"  // base64 has '/' and '+'
        let encoded = Data(payload.utf8).base64EncodedString()
        #expect(encoded.contains("/") || encoded.contains("+"))
        let escaped = encoded.replacingOccurrences(of: "/", with: "\\/")
        let json = #"{"records":[{"recordId":"e","data":""# + escaped + #""},{"recordId":"u","data":"eyJhIjoxfQ"}]}"#
        let transformer = try Self.transformer()
        let out = try Self.decode(try transformer.transform(event: Array(json.utf8)).response)
        #expect(out.map(\.result) == ["Ok", "Ok"])
        #expect(out[0].text == payload)
        #expect(out[1].text == #"{"a":1}"#)
    }

    @Test("invalid JSON record: masked as text by default, Dropped under drop, ProcessingFailed under fail")
    func invalidJSONRecord() throws {
        let records = [
            Self.record("good", #"{"a":"x@example.com"}"# + "\n"),
            Self.record("broken", #"{"a":"jane@example.com""# + "\n"),
            Self.record("after", #"{"b":2}"#),
        ]
        let masked = try Self.transformer()
        let maskedOutput = try masked.transform(event: Self.event(records))
        let out = try Self.decode(maskedOutput.response)
        #expect(out.map(\.result) == ["Ok", "Ok", "Ok"])
        #expect(out[1].text.contains("[EMAIL]") && !out[1].text.contains("jane"))
        #expect(maskedOutput.issues.map(\.recordId) == ["broken"])

        let dropped = try Self.run(try Self.transformer(onError: .drop), records)
        #expect(dropped.map(\.result) == ["Ok", "Dropped", "Ok"])

        let failing = try Self.transformer(onError: .fail)
        let failedOutput = try failing.transform(event: Self.event(records))
        let failed = try Self.decode(failedOutput.response)
        #expect(failed.map(\.result) == ["Ok", "ProcessingFailed", "Ok"])
        #expect(failed[1].data == records[1]["data"] as? String)
        #expect(failed[2].text == #"{"b":2}"#)
        #expect(failedOutput.failed == 1 && failedOutput.ok == 2)
    }

    @Test("record rules: all lines dropped is Dropped; some dropped keeps the rest")
    func droppedRecords() throws {
        let rules = """
            version: 1
            records:
              - select: http.path
                equals: /healthz
            """
        let transformer = try Self.transformer(rules: rules)
        let out = try Self.run(transformer, [
            Self.record("health", #"{"http":{"path":"/healthz"}}"# + "\n"),
            Self.record("mixed", #"{"http":{"path":"/healthz"}}"# + "\n" + #"{"http":{"path":"/api"},"m":"a@example.com"}"# + "\n"),
            Self.record("kept", #"{"http":{"path":"/api"}}"#),
        ])
        #expect(out.map(\.result) == ["Dropped", "Ok", "Ok"])
        #expect(out[0].data == "")
        #expect(out[1].text == #"{"http":{"path":"/api"},"m":"[EMAIL]"}"# + "\n")
    }

    // MARK: - Dynamic partitioning

    @Test("partition keys come from the masked record: values, nested paths, dates")
    func partitionKeys() throws {
        let specs = try ["country=user.country", "day=ts:date", "hour=ts:hour", "epoch=t:date", "who=user.email", "first=items[0].sku", "n=count"]
            .map { try PartitionKeySpec(parsing: $0) }
        let transformer = try Self.transformer { $0.partitionKeys = specs }
        let out = try Self.run(transformer, [
            Self.record("full", #"{"ts":"2024-05-06T07:08:09Z","t":1714979289123,"count":3,"user":{"country":"FR","email":"jane@example.com"},"items":[{"sku":"A-1"}]}"# + "\n"),
            Self.record("second-line", "{\"x\":1}\n{\"user\":{\"country\":\"DE\"}}\n"),
            Self.record("none", #"{"other":true}"#),
            Self.record("text", "plain text, no JSON"),
        ])
        #expect(out.map(\.result) == ["Ok", "Ok", "Ok", "Ok"])
        #expect(out[0].partitionKeys == [
            "country": "FR", "day": "2024-05-06", "hour": "07", "epoch": "2024-05-06", "who": "[EMAIL]", "first": "A-1", "n": "3",
        ])
        #expect(out[1].partitionKeys == ["country": "DE"])
        #expect(out[2].partitionKeys == nil && !out[2].keys.contains("metadata"))
        #expect(out[3].partitionKeys == nil)
    }

    @Test("partition key specs: parsing and errors", arguments: [
        ("a=b", true), ("day=ts:date", true), ("x=a.b[2].c:hour", true), ("k=$.a", true),
        ("noequals", false), ("=ts", false), ("k=", false), ("k=ts:week", false), ("k=a..b", false), ("k w=a", false),
    ])
    func partitionKeySpecs(text: String, valid: Bool) {
        let parsed = try? PartitionKeySpec(parsing: text)
        #expect((parsed != nil) == valid, "\(text)")
    }

    @Test("date parts from epoch seconds, milliseconds and ISO strings")
    func dateParts() {
        #expect(PartitionKeySpec.datePart(.date, of: "0", isNumber: true) == "1970-01-01")
        #expect(PartitionKeySpec.datePart(.date, of: "951782400", isNumber: true) == "2000-02-29")
        #expect(PartitionKeySpec.datePart(.hour, of: "1714979289123", isNumber: true) == "07")
        #expect(PartitionKeySpec.datePart(.month, of: "2024-12-31 23:59:59", isNumber: false) == "12")
        #expect(PartitionKeySpec.datePart(.year, of: "1714979289", isNumber: false) == "2024")
        #expect(PartitionKeySpec.datePart(.date, of: "yesterday", isNumber: false) == nil)
        #expect(PartitionKeySpec.datePart(.hour, of: "2024-05-06", isNumber: false) == nil)
    }

    // MARK: - Limits and invalid events

    @Test("a ~6 MB event is transformed whole; a response over 6,000,000 bytes fails the invocation")
    func sixMegabyteEvent() throws {
        // 3,000 records of ~1,450 bytes: ~4.35 MB of data, ~5.8 MB as base64 in the event.
        let filler = String(repeating: "lorem ipsum ", count: 110)
        var records: [[String: Any]] = []
        for index in 0..<3000 {
            records.append(Self.record(String(format: "rec-%05d", index), #"{"i":\#(index),"mail":"user\#(index)@example.com","text":"\#(filler)"}"# + "\n"))
        }
        let event = try Self.event(records)
        #expect(event.count > 5_700_000 && event.count < 6_000_000)
        let transformer = try Self.transformer()
        let output = try transformer.transform(event: event)
        #expect(output.response.count <= 6_000_000)
        let out = try Self.decode(output.response)
        #expect(out.count == 3000)
        #expect(out.map(\.recordId) == (0..<3000).map { String(format: "rec-%05d", $0) })
        #expect(out.allSatisfy { $0.result == "Ok" && $0.text.contains("[EMAIL]") && !$0.text.contains("@example.com") })

        // Masking makes each record longer (a 5-byte address becomes "[EMAIL]"): the response
        // outgrows the limit although the event is under it.
        let bigger = (0..<4200).map { Self.record("r\($0)", String(repeating: "a@b.co ", count: 140)) }
        let biggerEvent = try Self.event(bigger)
        #expect(biggerEvent.count < 6_000_000)
        #expect {
            _ = try transformer.transform(event: biggerEvent)
        } throws: { error in
            (error as? FirehoseError)?.kind == .responseTooLarge
        }
    }

    @Test("records masked on several threads give the same response as on one", arguments: [2, 3, 5])
    func threadsGiveTheSameResponse(threads: Int) throws {
        let filler = String(repeating: "x", count: 300)
        var records: [[String: Any]] = []
        for index in 0..<1500 {
            switch index % 7 {
            case 3: records.append(["recordId": "bad-\(index)", "approximateArrivalTimestamp": 1, "data": "***"])
            case 5: records.append(Self.record("drop-\(index)", #"{"http":{"path":"/healthz"}}"# + "\n"))
            default: records.append(Self.record("r-\(index)", #"{"i":\#(index),"m":"u\#(index)@example.com","t":"\#(filler)","ts":\#(1_700_000_000 + index)}"# + "\n"))
            }
        }
        let rules = "version: 1\nrecords:\n  - select: http.path\n    equals: /healthz\n"
        let event = try Self.event(records)
        let one = try Self.transformer(rules: rules) { $0.partitionKeys = [try! PartitionKeySpec(parsing: "d=ts:date")] }
        let many = try Self.transformer(rules: rules) {
            $0.partitionKeys = [try! PartitionKeySpec(parsing: "d=ts:date")]
            $0.threads = threads
        }
        let single = try one.transform(event: event)
        let parallel = try many.transform(event: event)
        #expect(single.response == parallel.response)
        #expect(single.issues == parallel.issues)
        #expect((parallel.ok, parallel.dropped, parallel.failed) == (single.ok, single.dropped, single.failed))
        #expect(one.stats == many.stats)
        // The same transformer again: buffers are reused, the answer is the same.
        #expect(try many.transform(event: event).response == single.response)
    }

    @Test("an event that is not JSON, or not a Firehose event, fails the invocation", arguments: [
        "", "{", "not json", #"{"records":{}}"#, #"{"invocationId":"x"}"#, "[]", #"{"records":[{"data":"eA=="}]}"#,
        #"{"records":[{"recordId":7,"data":"eA=="}]}"#, #"{"records":[]} trailing"#,
    ])
    func invalidEvent(text: String) throws {
        let transformer = try Self.transformer()
        #expect {
            _ = try transformer.transform(event: Array(text.utf8))
        } throws: { error in
            (error as? FirehoseError)?.kind == .invalidEvent
        }
    }

    @Test("an empty records array gives an empty response")
    func emptyEvent() throws {
        let out = try Self.decode(try Self.transformer().transform(event: Array(#"{"records":[]}"#.utf8)).response)
        #expect(out.isEmpty)
    }

    @Test("record ids with escapes come back as the same strings")
    func escapedRecordIds() throws {
        let json = #"{"records":[{"recordId":"a\"b\\c\u00e9","data":"eyJ4IjoxfQ=="}]}"#
        let out = try Self.decode(try Self.transformer().transform(event: Array(json.utf8)).response)
        #expect(out.map(\.recordId) == ["a\"b\\cé"])
    }

    // MARK: - Event reading

    /// The records of an event as a JSON tree gives them (the reader before the streaming one):
    /// what `FirehoseEvent.records` must agree with, errors included.
    static func treeRecords(_ bytes: [UInt8]) -> Result<[FirehoseRecordInput], FirehoseError> {
        let event = bytes.span
        let root: EventJSON
        do {
            root = try EventJSON.parse(event)
        } catch {
            return .failure(FirehoseError(.invalidEvent, "the event is not valid JSON: \(error.message) at byte \(error.offset + 1)"))
        }
        guard case .object = root, case .array(let records)? = root["records"] else {
            return .failure(FirehoseError(.invalidEvent, "not a Firehose transformation event: it needs a \"records\" array"))
        }
        var inputs: [FirehoseRecordInput] = []
        for (index, record) in records.enumerated() {
            guard case .object = record, case .string(let idRange, let idEscaped)? = record["recordId"] else {
                return .failure(FirehoseError(.invalidEvent, "record \(index + 1) of the event has no \"recordId\" string"))
            }
            var input = FirehoseRecordInput(idRange: idRange, idEscaped: idEscaped, field: .data, payload: nil, payloadEscaped: false)
            var payload = record["data"]
            if payload == nil, let kafka = record["kafkaRecordValue"] {
                input.field = .kafkaRecordValue
                payload = kafka
            }
            if case .string(let range, let escaped)? = payload {
                input.payload = range
                input.payloadEscaped = escaped
            }
            inputs.append(input)
        }
        return .success(inputs)
    }

    static func streamedRecords(_ bytes: [UInt8]) -> Result<[FirehoseRecordInput], FirehoseError> {
        do throws(FirehoseError) {
            return .success(try FirehoseEvent.records(bytes.span))
        } catch {
            return .failure(error)
        }
    }

    @Test("the streaming event reader agrees with a JSON tree on every truncation and byte mutation")
    func eventReaderAgreesWithTree() {
        let event = Array(#"""
            {"invocationId":"i\u0041","records":[{"recordId":"r1","approximateArrivalTimestamp":1700000000000,"data":"eyJ4IjoxfQ=="},
             {"recordId":"r\"2","data":"e\/A=","kinesisRecordMetadata":{"shardId":"s","n":[1,-2.5e3,true,false,null,{}]}},
             {"recordId":"r3","kafkaRecordValue":"eA==","topic":"t"},{"recordId":"r4","data":null,"kafkaRecordValue":"eA=="},
             {"recordId":"r5","recordId":"x","data":"eA==","data":"eQ==","kafkaRecordValue":7},{"rec\u006frdId":"r6","d\u0061ta":"eA=="},
             {"recordId":"r7","kafkaRecordValue":[]},{"recordId":"r8"}], "records":5, "region":"us-east-1"}
            """#.utf8)
        #expect(Self.streamedRecords(event) == Self.treeRecords(event))
        if case .success(let inputs) = Self.streamedRecords(event) { #expect(inputs.count == 8) }
        for end in 0..<event.count {
            let prefix = Array(event[..<end])
            #expect(Self.streamedRecords(prefix) == Self.treeRecords(prefix), "first \(end) bytes")
        }
        for position in event.indices {
            for replacement in Array(#"{}[]",:\ 0-eantx"#.utf8) + [0x01, 0x0A] where replacement != event[position] {
                var mutated = event
                mutated[position] = replacement
                #expect(Self.streamedRecords(mutated) == Self.treeRecords(mutated), "byte \(position) as \(replacement)")
            }
        }
    }

    @Test("the streaming event reader agrees with a JSON tree on events of other shapes", arguments: [
        "", " ", "[]", #""records""#, "7", #"{"records":[1,{"recordId":"a"}]}"#, #"{"records":[{"recordId":"a"},2]}"#,
        #"{"records":{},"records":[]}"#, #"{"records":[],"records":{}}"#, #"{"records":[{"recordId":"a","data":"eA=="}]} x"#,
        #"{"records":[{"recordId":"a","x":"# + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}]}",
        #"{"records":[{"recordId":"a","x":"# + String(repeating: "[", count: 509) + String(repeating: "]", count: 509) + "}]}",
        #"{"x":"# + String(repeating: "{\"a\":", count: 600) + "1" + String(repeating: "}", count: 600) + "}",
    ])
    func eventReaderAgreesWithTreeOnShapes(text: String) {
        let event = Array(text.utf8)
        #expect(Self.streamedRecords(event) == Self.treeRecords(event))
    }

    // MARK: - Base64

    @Test("base64 matches Foundation on random bytes of every length up to 300, padded or not")
    func base64MatchesFoundation() {
        var generator = SeededGenerator(seed: 64)
        var decoded: [UInt8] = [7, 7, 7]  // replaced, never appended to
        for length in 0...300 {
            for _ in 0..<4 {
                let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                let encoded = Base64.encode(bytes)
                #expect(encoded == Data(bytes).base64EncodedString())
                #expect(Base64.decode(Array(encoded.utf8).span, into: &decoded))
                #expect(decoded == bytes)
                let unpadded = Array(encoded.utf8.prefix { $0 != UInt8(ascii: "=") })
                #expect(Base64.decode(unpadded.span, into: &decoded))
                #expect(decoded == bytes)
            }
        }
    }

    @Test("base64 with one byte outside the alphabet is rejected, as by Foundation, wherever it is")
    func base64RejectsEveryForeignByte() {
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var generator = SeededGenerator(seed: 65)
        var decoded: [UInt8] = []
        for length in 1...300 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let encoded = Array(Base64.encode(bytes).utf8)
            let foreign = UInt8.random(in: 0...255, using: &generator)
            guard !alphabet.contains(foreign), foreign != UInt8(ascii: "=") else { continue }
            var broken = encoded
            broken[Int.random(in: 0..<broken.count, using: &generator)] = foreign
            #expect(!Base64.decode(broken.span, into: &decoded))
            #expect(Data(base64Encoded: Data(broken)) == nil)
        }
        // Every foreign byte at every position of a group, and in a final partial group.
        for foreign in (0...255).map(UInt8.init) where !alphabet.contains(foreign) && foreign != UInt8(ascii: "=") {
            for position in 0..<11 {
                var text = Array("QUJDREVGR0g".utf8)
                text[position] = foreign
                #expect(!Base64.decode(text.span, into: &decoded))
            }
        }
    }

    @Test("base64 rejects what is not base64", arguments: ["A", "AB=C", "ABC*", "AB CD", "====", "A===", "ABCD\n"])
    func base64Rejects(text: String) {
        var decoded: [UInt8] = []
        #expect(!Base64.decode(Array(text.utf8).span, into: &decoded))
    }
}
