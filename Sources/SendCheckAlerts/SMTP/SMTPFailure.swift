#if Alerts
    import NIOCore
    import NIOSSL

    /// Why a connection, a session or a message in hand failed. The text is for the operator and the
    /// log: it names the step and the server's words, never a secret.
    struct SMTPFailure: Error, CustomStringConvertible {
        var message: String
        /// No reply came in time (the caller names the command and the limit).
        var isTimeout = false

        init(_ message: String) { self.message = message }

        static let timeout: SMTPFailure = {
            var failure = SMTPFailure("no reply in time")
            failure.isTimeout = true
            return failure
        }()

        /// An error from NIO or NIOSSL, in words.
        init(describing error: any Error) {
            switch error {
            case let failure as SMTPFailure: self = failure
            case is NIOSSLError, is BoringSSLError, is NIOSSLExtraError:
                self.init("TLS failed (a certificate not trusted? caFile adds a private authority): \(error)")
            case ChannelError.connectTimeout(let amount):
                self.init("the connection was not made within \(amount.nanoseconds / 1_000_000_000) s")
            case ChannelError.ioOnClosedChannel, ChannelError.alreadyClosed, ChannelError.eof, ChannelPipelineError.notFound:
                self.init("the connection is closed")
            default: self.init("\(error)")
            }
        }

        var description: String { message }
    }
#endif
