#if Alerts
    import NIOCore
    import SendCheckCore

    /// The end of an SMTP channel's pipeline: bytes in, whole replies out, each to the oldest caller
    /// waiting for one (or kept until one asks). A drop, an error or a timeout fails every waiter and
    /// every later request, so the caller never hangs on a dead connection. Used on its event loop only.
    final class SMTPReplyHandler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer

        /// Lines of at most 4 KiB, replies of at most 100 lines: memory stays bounded whatever the
        /// server sends.
        private var reader = SMTPReplyReader(maximumLineLength: 4096, maximumLines: 100)
        static let unaskedLimit = 8
        private var replies = CircularBuffer<SMTPReply>()
        private var waiting = CircularBuffer<EventLoopPromise<SMTPReply>>()
        private var failure: SMTPFailure?

        /// Bytes or replies received but not yet asked for (after STARTTLS: injected plaintext).
        var hasBufferedInput: Bool { reader.hasBufferedInput || !replies.isEmpty }

        /// The next reply, failed with `SMTPFailure.timeout` (and the channel closed) if none comes
        /// within `timeout`.
        func nextReply(timeout: TimeAmount, channel: any Channel) -> EventLoopFuture<SMTPReply> {
            let loop = channel.eventLoop
            if let reply = replies.popFirst() { return loop.makeSucceededFuture(reply) }
            if let failure { return loop.makeFailedFuture(failure) }
            let promise = loop.makePromise(of: SMTPReply.self)
            waiting.append(promise)
            let bound = NIOLoopBound(self, eventLoop: loop)
            let task = loop.scheduleTask(in: timeout) {
                bound.value.fail(.timeout)
                channel.close(promise: nil)
            }
            promise.futureResult.whenComplete { _ in task.cancel() }
            return promise.futureResult
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            do {
                for reply in try reader.feed(buffer.readableBytesView) {
                    if let promise = waiting.popFirst() {
                        promise.succeed(reply)
                    } else {
                        // One command at a time: more than a few replies nobody asked for is a flood.
                        guard replies.count < Self.unaskedLimit else {
                            throw SMTPProtocolError("more than \(Self.unaskedLimit) replies nobody asked for")
                        }
                        replies.append(reply)
                    }
                }
            } catch {
                fail(SMTPFailure("the server broke the protocol: \(error)"))
                context.close(promise: nil)
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            fail(SMTPFailure("the server closed the connection"))
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            fail(SMTPFailure(describing: error))
            context.close(promise: nil)
        }

        /// Keeps the first cause: a TLS error, not the close that follows it.
        func fail(_ error: SMTPFailure) {
            if failure == nil { failure = error }
            while let promise = waiting.popFirst() { promise.fail(failure ?? error) }
        }
    }
#endif
