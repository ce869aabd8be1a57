#if Alerts
    import NIOCore
    import NIOPosix
    import NIOSSL
    import SendCheckCore

    /// One TCP connection to an SMTP server, driven from the calling (non-event-loop) thread: a
    /// command goes out, and its reply is awaited for at most `replyTimeout`, and never past
    /// `deadline` (the message's or the night's).
    final class SMTPConnection {
        private let channel: any Channel
        private let handler: NIOLoopBound<SMTPReplyHandler>
        private let replyTimeout: Int
        /// Whether the bytes go through TLS (implicit, or after STARTTLS).
        private(set) var isTLS: Bool
        /// No reply is waited for past this; reaching it closes the connection.
        var deadline: Deadline?

        private init(channel: any Channel, handler: NIOLoopBound<SMTPReplyHandler>, replyTimeout: Int, isTLS: Bool) {
            self.channel = channel
            self.handler = handler
            self.replyTimeout = replyTimeout
            self.isTLS = isTLS
        }

        /// Connects, with TLS from the first byte when `tls` is given (`serverHostname` nil for an IP
        /// address: the certificate is then checked against the address). TLS goes under the reply
        /// handler once connected, so a handshake failure reaches a handler we hold.
        static func open(
            host: String, port: Int, tls: NIOSSLContext?, serverHostname: String?, connectTimeout: Int, replyTimeout: Int,
            group: any EventLoopGroup
        ) throws(SMTPFailure) -> SMTPConnection {
            // The reply handler is handed out as it is added, not looked up in the pipeline afterwards:
            // a server that breaks the protocol at once (an endless greeting) makes the handler close
            // the channel, which empties the pipeline, and a lookup then found no handler and reported
            // "the connection is closed" instead of the handler's own reason.
            let added = group.next().makePromise(of: NIOLoopBound<SMTPReplyHandler>.self)
            let bootstrap = ClientBootstrap(group: group)
                .connectTimeout(.seconds(Int64(max(1, connectTimeout))))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let handler = SMTPReplyHandler()
                        try channel.pipeline.syncOperations.addHandler(handler)
                        added.succeed(NIOLoopBound(handler, eventLoop: channel.eventLoop))
                    }
                }
            let channel: any Channel
            do {
                channel = try bootstrap.connect(host: host, port: port).wait()
            } catch {
                // A second completion is ignored: this only settles a promise the initializer never reached.
                added.fail(error)
                throw SMTPFailure("cannot connect to \(host):\(port): \(SMTPFailure(describing: error))")
            }
            do {
                let handler = try added.futureResult.wait()
                let connection = SMTPConnection(channel: channel, handler: handler, replyTimeout: replyTimeout, isTLS: false)
                if let tls { try connection.startTLS(context: tls, serverHostname: serverHostname) }
                return connection
            } catch {
                try? channel.close().wait()
                throw SMTPFailure("\(host):\(port): \(SMTPFailure(describing: error))")
            }
        }

        /// Sends `line` and CRLF, and waits for the reply. `stage` names the command in errors (AUTH
        /// lines carry secrets, so they are never named by their text). A 421 means the server is
        /// closing the connection, so it fails like a drop.
        func command(_ line: String, stage: String) throws(SMTPFailure) -> SMTPReply {
            write(Array(line.utf8) + [13, 10])
            return try reply(to: stage)
        }

        /// Hands bytes to the channel; a failed write shows up as the failure of the next reply.
        func write(_ bytes: [UInt8]) {
            let channel = self.channel
            let buffer = channel.allocator.buffer(bytes: bytes)
            channel.writeAndFlush(buffer).whenFailure { _ in channel.close(promise: nil) }
        }

        /// The next reply, within `replyTimeout` and before `deadline`.
        func reply(to stage: String) throws(SMTPFailure) -> SMTPReply {
            let channel = self.channel
            let handler = self.handler
            var wait = Swift.Duration.seconds(max(1, replyTimeout))
            var limit: Deadline?
            if let deadline, deadline.remaining < wait {
                wait = deadline.remaining
                limit = deadline
            }
            guard wait > .zero else {
                close()
                throw SMTPFailure("\(stage): \(limit?.reason ?? "no time left")")
            }
            let (seconds, attoseconds) = wait.components
            let timeout = TimeAmount.nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
            let reply: SMTPReply
            do {
                reply = try channel.eventLoop.flatSubmit { handler.value.nextReply(timeout: timeout, channel: channel) }.wait()
            } catch {
                let failure = SMTPFailure(describing: error)
                if failure.isTimeout { throw SMTPFailure(limit.map { "\(stage): \($0.reason)" } ?? "no reply to \(stage) within \(replyTimeout) s") }
                throw SMTPFailure("\(stage): \(failure)")
            }
            if reply.code == 421 {
                close()
                throw SMTPFailure("\(stage): the server is closing the connection: \(reply)")
            }
            return reply
        }

        /// Puts TLS under the connection: on connecting (implicit TLS) or after the server's 220 to
        /// STARTTLS. Anything the server sent before TLS would be plaintext injected into what
        /// follows: refused.
        func startTLS(context: NIOSSLContext, serverHostname: String?) throws(SMTPFailure) {
            let channel = self.channel
            let handler = self.handler
            do {
                try channel.eventLoop.submit {
                    guard !handler.value.hasBufferedInput else {
                        throw SMTPFailure("the server sent data before TLS was in place (an injection attempt?)")
                    }
                    let tls = try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
                    try channel.pipeline.syncOperations.addHandler(tls, position: .first)
                }.wait()
            } catch {
                close()
                throw SMTPFailure("starting TLS: \(SMTPFailure(describing: error))")
            }
            isTLS = true
        }

        func close() {
            try? channel.close().wait()
        }
    }
#endif
