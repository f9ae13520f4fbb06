import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `piimask lambda` against a fake Lambda Runtime API: a real HTTP/1.1 server on 127.0.0.1 (plain
/// sockets, so the client is checked against an implementation other than its own), the built
/// binary as the runtime, every response and error post checked. Bounded: the binary stops after
/// `--max-invocations`, every wait has a deadline, and the server is closed at the end.
@Suite("Lambda custom runtime", .serialized)
struct LambdaRuntimeTests {
    static let deadline: TimeInterval = 60

    @Test("several invocations: responses for good events, an invocation error for a bad one")
    func invocations() throws {
        let server = try FakeRuntimeAPI()
        defer { server.stop() }
        let good = Self.event([
            ("r-1", Data(#"{"email":"jane@example.com","ts":"2024-05-06T07:08:09Z"}"#.utf8 + [0x0A]).base64EncodedString()),
            ("r-2", "%%% not base64"),
            ("r-3", Data("plain text from bob@example.org".utf8).base64EncodedString()),
        ])
        let second = Self.event([("s-1", Data(#"{"n":1}"#.utf8).base64EncodedString())])
        server.enqueue(id: "11111111-aaaa-4bbb-8ccc-000000000001", event: good)
        server.enqueue(id: "11111111-aaaa-4bbb-8ccc-000000000002", event: Array("{ this is not json".utf8))
        server.enqueue(id: "11111111-aaaa-4bbb-8ccc-000000000003", event: second)
        server.enqueue(id: "11111111-aaaa-4bbb-8ccc-000000000004", event: Array(#"{"invocationId":"x"}"#.utf8))

        let process = try Self.launch(server: server, environment: ["PIIMASK_PARTITION_KEYS": "day=ts:date"], maxInvocations: 4)
        let posts = server.waitForPosts(4, timeout: Self.deadline)
        let status = Self.wait(process, timeout: Self.deadline)
        #expect(status == 0)
        try #require(posts.count == 4)
        #expect(posts.map(\.id) == (1...4).map { "11111111-aaaa-4bbb-8ccc-00000000000\($0)" })
        #expect(posts.map(\.kind) == ["response", "error", "response", "error"])

        let first = try Self.records(posts[0].body)
        #expect(first.map { $0["recordId"] as? String } == ["r-1", "r-2", "r-3"])
        #expect(first.map { $0["result"] as? String } == ["Ok", "ProcessingFailed", "Ok"])
        #expect(Self.text(first[0]) == #"{"email":"[EMAIL]","ts":"2024-05-06T07:08:09Z"}"# + "\n")
        #expect((first[0]["metadata"] as? [String: Any])?["partitionKeys"] as? [String: String] == ["day": "2024-05-06"])
        #expect(first[1]["data"] as? String == "%%% not base64")
        #expect(Self.text(first[2]) == "plain text from [EMAIL]")

        let third = try Self.records(posts[2].body)
        #expect(third.map { $0["result"] as? String } == ["Ok"])

        for post in [posts[1], posts[3]] {
            let error = try #require(try JSONSerialization.jsonObject(with: Data(post.body)) as? [String: String])
            #expect(error["errorType"] == "piimask.InvalidEvent")
            #expect(error["errorMessage"]?.isEmpty == false)
            #expect(post.errorTypeHeader == "piimask.InvalidEvent")
        }
        #expect(server.nextRequests >= 4)
    }

    @Test("a configuration error is posted to /runtime/init/error and ends the process", arguments: [
        ["PIIMASK_RULES": "version: 1\nfields:\n  - select: email\n    action: hash\n"],  // hash without a key
        ["PIIMASK_ON_ERROR": "sometimes"],
        ["PIIMASK_RULES": "version: 1\nnot_a_key: true\n"],
        ["PIIMASK_PARTITION_KEYS": "day"],
    ])
    func initError(environment: [String: String]) throws {
        let server = try FakeRuntimeAPI()
        defer { server.stop() }
        server.enqueue(id: "never", event: Self.event([]))
        let process = try Self.launch(server: server, environment: environment, maxInvocations: 1)
        let posts = server.waitForPosts(1, timeout: Self.deadline)
        let status = Self.wait(process, timeout: Self.deadline)
        #expect(status == 2)
        try #require(posts.count == 1)
        #expect(posts[0].kind == "init/error")
        let error = try #require(try JSONSerialization.jsonObject(with: Data(posts[0].body)) as? [String: String])
        #expect(error["errorType"] == "piimask.ConfigError")
        #expect(error["errorMessage"]?.isEmpty == false)
        #expect(server.nextRequests == 0)
    }

    // MARK: - Helpers

    static func event(_ records: [(String, String)]) -> [UInt8] {
        let list = records.map { ["recordId": $0.0, "approximateArrivalTimestamp": 1_700_000_000_000, "data": $0.1] as [String: Any] }
        let event: [String: Any] = ["invocationId": "inv", "deliveryStreamArn": "arn:aws:firehose:us-east-1:1:deliverystream/t", "region": "us-east-1", "records": list]
        return Array(try! JSONSerialization.data(withJSONObject: event))
    }

    static func records(_ body: [UInt8]) throws -> [[String: Any]] {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        return try #require(root["records"] as? [[String: Any]])
    }

    static func text(_ record: [String: Any]) -> String {
        String(decoding: Data(base64Encoded: record["data"] as? String ?? "") ?? Data(), as: UTF8.self)
    }

    /// The `piimask` executable built next to the test bundle (or `PIIMASK_BINARY`).
    static func binary() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["PIIMASK_BINARY"] { return URL(fileURLWithPath: path) }
        let directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let url = directory.appendingPathComponent("piimask")
        try #require(FileManager.default.isExecutableFile(atPath: url.path), "build the piimask product first (swift build --build-tests): \(url.path)")
        return url
    }

    static func launch(server: FakeRuntimeAPI, environment: [String: String], maxInvocations: Int) throws -> Process {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = ["lambda", "--max-invocations", String(maxInvocations)]
        var env = ["AWS_LAMBDA_RUNTIME_API": "127.0.0.1:\(server.port)", "PATH": "/usr/bin:/bin"]
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// The exit status, or nil after killing a process that overran the deadline.
    static func wait(_ process: Process, timeout: TimeInterval) -> Int32? {
        let end = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < end { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }
}

/// A Lambda Runtime API on 127.0.0.1 with a queue of invocations; records what the runtime posts.
final class FakeRuntimeAPI: @unchecked Sendable {
    // SAFETY (@unchecked Sendable): every mutable field is guarded by `condition`.
    struct Post {
        var id: String
        /// "response", "error" or "init/error".
        var kind: String
        var body: [UInt8]
        var errorTypeHeader: String?
    }

    let port: UInt16
    private let listener: Int32
    private let condition = NSCondition()
    private var queue: [(id: String, event: [UInt8])] = []
    private var posts: [Post] = []
    private var connections: [Int32] = []
    private var stopped = false
    private(set) var nextRequests = 0

    init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw POSIXError(.EIO) }
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 8) == 0 else { close(listener); throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        self.listener = listener
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    func enqueue(id: String, event: [UInt8]) {
        condition.lock()
        queue.append((id, event))
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until `count` posts arrived (or the timeout passed) and returns them all.
    func waitForPosts(_ count: Int, timeout: TimeInterval) -> [Post] {
        let end = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while posts.count < count && condition.wait(until: end) {}
        return posts
    }

    func stop() {
        condition.lock()
        stopped = true
        let open = connections
        condition.broadcast()
        condition.unlock()
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for fd in open { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        while true {
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else { return }
            condition.lock()
            if stopped { condition.unlock(); close(fd); return }
            connections.append(fd)
            condition.unlock()
            let thread = Thread { [self] in serve(fd) }
            thread.start()
        }
    }

    /// Serves requests on one keep-alive connection until the peer closes it or the server stops.
    private func serve(_ fd: Int32) {
        defer { close(fd) }
        var buffer: [UInt8] = []
        while let request = readRequest(fd, &buffer) {
            guard let response = handle(request) else { return }
            var bytes = response
            var offset = 0
            while offset < bytes.count {
                let sent = bytes.withUnsafeMutableBytes { send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
                guard sent > 0 else { return }
                offset += sent
            }
        }
    }

    struct Request {
        var method: String
        var path: String
        var headers: [String: String]
        var body: [UInt8]
    }

    private func readRequest(_ fd: Int32, _ buffer: inout [UInt8]) -> Request? {
        let separator: [UInt8] = [13, 10, 13, 10]
        func fill() -> Bool {
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
            guard count > 0 else { return false }
            buffer.append(contentsOf: chunk[0..<count])
            return true
        }
        var headerEnd: Int?
        while headerEnd == nil {
            if buffer.count >= 4 {
                headerEnd = (0...(buffer.count - 4)).first { buffer[$0..<($0 + 4)].elementsEqual(separator) }
            }
            if headerEnd == nil && !fill() { return nil }
        }
        let head = String(decoding: buffer[0..<headerEnd!], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count == 3 else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        let bodyStart = headerEnd! + 4
        while buffer.count < bodyStart + length {
            if !fill() { return nil }
        }
        let body = Array(buffer[bodyStart..<(bodyStart + length)])
        buffer.removeFirst(bodyStart + length)
        return Request(method: String(requestLine[0]), path: String(requestLine[1]), headers: headers, body: body)
    }

    /// The response bytes, or nil to close the connection (server stopped while waiting).
    private func handle(_ request: Request) -> [UInt8]? {
        let base = "/2018-06-01/runtime"
        if request.method == "GET" && request.path == "\(base)/invocation/next" {
            condition.lock()
            nextRequests += 1
            // Blocks like the real API while no invocation is queued (bounded by stop()).
            while queue.isEmpty && !stopped { condition.wait() }
            if stopped { condition.unlock(); return nil }
            let (id, event) = queue.removeFirst()
            condition.unlock()
            let deadline = Int(Date().timeIntervalSince1970 * 1000) + 60_000
            return Self.response(200, headers: [
                ("Content-Type", "application/json"),
                ("Lambda-Runtime-Aws-Request-Id", id),
                ("Lambda-Runtime-Deadline-Ms", String(deadline)),
                ("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:piimask"),
                ("Lambda-Runtime-Trace-Id", "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1"),
            ], body: event)
        }
        if request.method == "POST" {
            var post: Post?
            if request.path == "\(base)/init/error" {
                post = Post(id: "", kind: "init/error", body: request.body, errorTypeHeader: request.headers["lambda-runtime-function-error-type"])
            } else if request.path.hasPrefix("\(base)/invocation/") {
                let parts = request.path.dropFirst("\(base)/invocation/".count).split(separator: "/")
                if parts.count == 2 && (parts[1] == "response" || parts[1] == "error") {
                    post = Post(id: String(parts[0]), kind: String(parts[1]), body: request.body,
                                errorTypeHeader: request.headers["lambda-runtime-function-error-type"])
                }
            }
            if let post {
                condition.lock()
                posts.append(post)
                condition.broadcast()
                condition.unlock()
                return Self.response(202, headers: [("Content-Type", "application/json")], body: Array(#"{"status":"OK"}"#.utf8))
            }
        }
        return Self.response(404, headers: [], body: Array("not found".utf8))
    }

    static func response(_ status: Int, headers: [(String, String)], body: [UInt8]) -> [UInt8] {
        let reason = [200: "OK", 202: "Accepted", 404: "Not Found"][status] ?? "Status"
        var head = "HTTP/1.1 \(status) \(reason)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\n\r\n"
        return Array(head.utf8) + body
    }
}
