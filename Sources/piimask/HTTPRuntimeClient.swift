// Why this file is built this way
//
// `piimask lambda` talks to one peer only: the Lambda Runtime API on the sandbox's loopback, over
// plain HTTP/1.1, one request at a time. So the client is SwiftNIO's HTTP/1.1 codec (NIOPosix +
// NIOHTTP1) with one small handler, used synchronously from the command's thread:
//
// - AsyncHTTPClient would do the same with TLS, redirects, pools and decompression we never use,
//   and pulls in swift-nio-ssl (BoringSSL), swift-log, swift-atomics and more: a larger static
//   binary, a 3-4 minute build, and a bigger cold start on every Lambda instance.
// - FoundationNetworking (URLSession) needs libcurl, which `--static-swift-stdlib` does not link
//   statically, so the binary would need libcurl and its TLS libraries on the host.
// - NIO's codec is the same code the Swift server stacks run on, with no timeouts of its own:
//   `GET /runtime/invocation/next` may block for as long as the function stays idle, as the
//   Runtime API requires.
//
// The connection is kept alive between requests and made again when the peer closes it.

import NIOCore
import NIOHTTP1
import NIOPosix

/// A complete HTTP response.
struct HTTPResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]
}

/// A failure to reach the peer or a broken exchange.
struct HTTPClientError: Error, CustomStringConvertible {
    let description: String
}

/// A blocking HTTP/1.1 client for one host, one request at a time, without timeouts.
final class HTTPRuntimeClient {
    private let group: MultiThreadedEventLoopGroup
    private let host: String
    private let port: Int
    private var channel: (any Channel)?

    /// - Parameter address: `host:port`, as in `AWS_LAMBDA_RUNTIME_API`.
    init(address: String) throws(HTTPClientError) {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
              (1...65535).contains(port), colon > address.startIndex
        else {
            throw HTTPClientError(description: "'\(address)' is not host:port")
        }
        var host = String(address[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.host = host
        self.port = port
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    }

    deinit {
        try? channel?.close().wait()
        try? group.syncShutdownGracefully()
    }

    /// Sends a request and waits, without a time limit, for the whole response.
    func request(_ method: HTTPMethod, _ path: String, headers: [(String, String)] = [], body: [UInt8] = []) throws(HTTPClientError) -> HTTPResponse {
        let channel = try connectedChannel()
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: path)
        head.headers.add(name: "Host", value: port == 80 ? host : "\(host):\(port)")
        head.headers.add(name: "User-Agent", value: "piimask/\(PIIMaskVersion.string)")
        if method != .GET || !body.isEmpty { head.headers.add(name: "Content-Length", value: String(body.count)) }
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        let promise = channel.eventLoop.makePromise(of: HTTPResponse.self)
        let pending = PendingRequest(head: head, body: channel.allocator.buffer(bytes: body), promise: promise)
        channel.writeAndFlush(pending, promise: nil)
        do {
            let response = try promise.futureResult.wait()
            if response.headers[canonicalForm: "connection"].contains(where: { $0.lowercased() == "close" }) {
                reset()
            }
            return response
        } catch {
            reset()
            throw HTTPClientError(description: "\(method) \(path): \(error)")
        }
    }

    private func reset() {
        if let channel { try? channel.close().wait() }
        channel = nil
    }

    private func connectedChannel() throws(HTTPClientError) -> any Channel {
        if let channel, channel.isActive { return channel }
        do {
            let channel = try ClientBootstrap(group: group)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try channel.pipeline.syncOperations.addHandler(ExchangeHandler())
                    }
                }
                .connect(host: host, port: port)
                .wait()
            self.channel = channel
            return channel
        } catch {
            throw HTTPClientError(description: "cannot connect to \(host):\(port): \(error)")
        }
    }
}

/// A request and the promise its response completes.
private struct PendingRequest: Sendable {
    let head: HTTPRequestHead
    let body: ByteBuffer
    let promise: EventLoopPromise<HTTPResponse>
}

/// Writes a `PendingRequest` and completes its promise with the response that follows.
private final class ExchangeHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = PendingRequest
    typealias OutboundOut = HTTPClientRequestPart

    private var pending: EventLoopPromise<HTTPResponse>?
    private var head: HTTPResponseHead?
    private var body: [UInt8] = []

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        pending = request.promise
        context.write(wrapOutboundOut(.head(request.head)), promise: nil)
        if request.body.readableBytes > 0 {
            context.write(wrapOutboundOut(.body(.byteBuffer(request.body))), promise: nil)
        }
        context.write(wrapOutboundOut(.end(nil)), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let responseHead):
            head = responseHead
            // The body goes straight into the array the transformer reads (one copy of an event
            // of up to 6 MB), allocated once at its announced size.
            let length = responseHead.headers.first(name: "content-length").flatMap { Int($0) } ?? 0
            body = []
            body.reserveCapacity(min(max(length, 0), 64 << 20))
        case .body(let part):
            part.withUnsafeReadableBytes { body.append(contentsOf: $0) }
        case .end:
            guard let head, let promise = pending else { return }
            let bytes = body
            self.head = nil
            body = []
            pending = nil
            promise.succeed(HTTPResponse(status: Int(head.status.code), headers: head.headers, body: bytes))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(HTTPClientError(description: "the connection was closed before a response"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error)
        context.close(promise: nil)
    }

    private func fail(_ error: any Error) {
        let promise = pending
        pending = nil
        promise?.fail(error)
    }
}
