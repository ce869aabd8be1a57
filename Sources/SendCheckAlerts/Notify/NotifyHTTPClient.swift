#if Alerts
    import NIOCore
    import NIOHTTP1
    import NIOPosix
    import NIOSSL
    import SendCheckCore

    /// A reply's status and body.
    struct NotifyHTTPResponse: Sendable {
        var status: Int
        var body: [UInt8]
    }

    /// Why an exchange ended without a reply; the descriptions go into a delivery's detail.
    enum NotifyHTTPError: Error, CustomStringConvertible {
        case timedOut(seconds: Int)
        case closedEarly
        case replyTooLong

        var description: String {
            switch self {
            case .timedOut(let seconds): return "no reply within \(seconds) s"
            case .closedEarly: return "the connection closed before a whole reply came"
            case .replyTooLong: return "the reply was longer than \(NotifyExchangeHandler.replyLimit) bytes"
            }
        }
    }

    /// One HTTP/1.1 POST per connection (TLS with the host's name for SNI and certificate checks when
    /// the endpoint is https), waited for from the caller's thread.
    struct NotifyHTTPClient {
        let group: EventLoopGroup
        let endpoint: NotifyEndpoint
        /// Nil for plain HTTP (a test server on this machine).
        let tls: NIOSSLContext?

        /// One exchange, connecting included, within `timeout` seconds; the reply's body is read up to
        /// `NotifyExchangeHandler.replyLimit` bytes (NIO bounds the head).
        func post(path: String, headers: [(name: String, value: String)], body: [UInt8], timeout: Int) throws -> NotifyHTTPResponse {
            var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: path)
            head.headers.add(name: "Host", value: endpoint.hostHeader)
            for header in headers { head.headers.add(name: header.name, value: header.value) }
            head.headers.add(name: "Content-Length", value: String(body.count))
            head.headers.add(name: "Accept", value: "application/json")
            head.headers.add(name: "Connection", value: "close")

            let loop = group.next()
            let promise = loop.makePromise(of: NotifyHTTPResponse.self)
            let (tls, host, seconds) = (self.tls, endpoint.host, max(1, timeout))
            // SNI and certificate name checks take a host name; an IP address is checked as such.
            let serverName = host.contains(":") || host.allSatisfy({ $0.isNumber || $0 == "." }) ? nil : host
            let request = head
            let bootstrap = ClientBootstrap(group: loop)
                .connectTimeout(.seconds(Int64(seconds)))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let pipeline = channel.pipeline.syncOperations
                        if let tls { try pipeline.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverName)) }
                        try pipeline.addHTTPClientHandlers()
                        try pipeline.addHandler(NotifyExchangeHandler(head: request, body: body, promise: promise))
                    }
                }
            let timer = loop.scheduleTask(in: .seconds(Int64(seconds))) { promise.fail(NotifyHTTPError.timedOut(seconds: seconds)) }
            let connected = bootstrap.connect(host: host, port: endpoint.port)
            connected.whenComplete { result in
                switch result {
                case .failure(let error): promise.fail(error)
                case .success(let channel): promise.futureResult.whenComplete { _ in channel.close(promise: nil) }
                }
            }
            defer { timer.cancel() }
            return try promise.futureResult.wait()
        }
    }

    /// Sends the request once the connection is up (NIOSSL holds it until the handshake is done) and
    /// completes the promise with the first final reply; anything that ends the connection first fails it.
    final class NotifyExchangeHandler: ChannelInboundHandler {
        typealias InboundIn = HTTPClientResponsePart
        typealias OutboundOut = HTTPClientRequestPart

        /// Notify's replies are a few hundred bytes; a proxy's error page may be a few thousand.
        static let replyLimit = 1 << 20

        private let head: HTTPRequestHead
        private let body: [UInt8]
        private let promise: EventLoopPromise<NotifyHTTPResponse>
        private var status: Int?
        private var received: [UInt8] = []

        init(head: HTTPRequestHead, body: [UInt8], promise: EventLoopPromise<NotifyHTTPResponse>) {
            self.head = head
            self.body = body
            self.promise = promise
        }

        func channelActive(context: ChannelHandlerContext) {
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let reply):
                status = Int(reply.status.code)
                received = []
            case .body(let buffer):
                guard received.count + buffer.readableBytes <= Self.replyLimit else {
                    promise.fail(NotifyHTTPError.replyTooLong)
                    context.close(promise: nil)
                    return
                }
                received += buffer.readableBytesView
            case .end:
                // An informational reply (1xx) comes before the real one.
                guard let status, status >= 200 else { return }
                promise.succeed(NotifyHTTPResponse(status: status, body: received))
                context.close(promise: nil)
            }
        }

        func errorCaught(context: ChannelHandlerContext, error: Error) {
            promise.fail(error)
            context.close(promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            promise.fail(NotifyHTTPError.closedEarly)
            context.fireChannelInactive()
        }
    }
#endif
