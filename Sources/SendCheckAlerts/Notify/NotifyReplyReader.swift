#if Alerts
    import Foundation
    import SendCheckCore

    /// Reads Notify's JSON reply (Foundation's parser, so the core needs none): the id of a 201, or the
    /// first of `errors` (`{"status_code": 400, "errors": [{"error": ..., "message": ...}]}`).
    enum NotifyReplyReader {
        static func reply(status: Int, body: [UInt8]) -> NotifyReply {
            let text = String(decoding: body, as: UTF8.self)
            guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
                return NotifyReply(status: status, body: text)
            }
            let id = object["id"] as? String
            let first = (object["errors"] as? [Any])?.first as? [String: Any]
            let error = first?["error"] as? String
            let message = first?["message"] as? String
            return NotifyReply(status: status, id: id, error: error, message: message, body: id == nil && error == nil && message == nil ? text : "")
        }
    }
#endif
