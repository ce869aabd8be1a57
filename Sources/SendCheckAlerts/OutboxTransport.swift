#if Alerts
    import Foundation
    import SendCheckCore

    /// Writes each message as `<Message-ID>.eml` into a folder instead of sending it (a dry run, a
    /// hand-off to another mail system, or a benchmark). A file is written whole or not at all
    /// (`AtomicFile`), and a failure says why in words ("the disk is full").
    public struct OutboxTransport: MailTransport {
        public let folder: String
        public var name: String { "outbox \(folder)" }

        public init(folder: String) { self.folder = folder }

        public func deliver(_ mails: [OutgoingMail], report: (Int, Delivery) throws -> Void) rethrows {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                for i in mails.indices { try report(i, .failed(detail: "\(folder): cannot create the outbox folder: \(error.localizedDescription)")) }
                return
            }
            for (i, mail) in mails.enumerated() {
                let name = mail.messageID.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "@" ? $0 : "_" }
                let path = (folder as NSString).appendingPathComponent(String(name) + ".eml")
                do {
                    try AtomicFile.write(mail.bytes, to: path)
                } catch {
                    try report(i, .failed(detail: "\(error)"))
                    continue
                }
                try report(i, .accepted(detail: "written to \(path)"))
            }
        }
    }
#endif
