public import Foundation
import OutreachCore

/// The webhook channel: what is posted for each delivery, under which key, and when a failed post is
/// tried again.
///
/// Delivery is at most once per (campaign, parent): a row is claimed in a committed transaction before
/// it is posted, so a post whose outcome was never recorded (a crash, a timeout after the request went
/// out) is reported as `unknown` and not posted again by itself. The `Idempotency-Key` header lets a
/// receiver drop a repeat if an operator chooses to release such rows.
public enum Webhook {
    /// The JSON body posted for one delivery.
    public struct Payload: Codable, Equatable, Sendable {
        /// `<campaign>/<parent>`, unique per delivery.
        public var deliveryID: String
        public var campaign: String
        public var parent: String
        public var title: String
        /// When the letter was delivered, ISO 8601 in Beijing time.
        public var sentAt: String

        public init(campaign: String, parent: String, title: String, sentAt: Date) {
            self.deliveryID = "\(campaign)/\(parent)"
            self.campaign = campaign
            self.parent = parent
            self.title = title
            self.sentAt = Webhook.timestamp(sentAt)
        }

        enum CodingKeys: String, CodingKey {
            case deliveryID = "delivery_id", campaign, parent, title, sentAt = "sent_at"
        }
    }

    /// Waits after the 1st, 2nd … 5th failed attempt: 1 min, 5 min, 30 min, 2 h, 12 h.
    public static let backoff: [TimeInterval] = [60, 300, 1_800, 7_200, 43_200]

    /// Attempts before giving up (the last error is kept).
    public static let maxAttempts = 6

    /// When to try again after `attempts` attempts, the last of which failed; nil when it gives up.
    public static func retryAt(afterAttempts attempts: Int, now: Date) -> Date? {
        guard attempts >= 1, attempts < maxAttempts else { return nil }
        return now.addingTimeInterval(backoff[min(attempts, backoff.count) - 1])
    }

    /// The `Idempotency-Key` header value: `<campaign>/<parent>`, with anything outside printable ASCII
    /// (a region in a campaign id, 浙江) percent-encoded as UTF-8, since header values must be ASCII.
    public static func idempotencyKey(campaign: String, parent: String) -> String {
        var key = ""
        for byte in "\(campaign)/\(parent)".utf8 {
            if byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "%") {
                key.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                key += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return key
    }

    /// The configured URL if it is an absolute `http` or `https` URL with a host.
    public static func endpoint(_ string: String?) throws(CampaignError) -> URL {
        guard let string = string?.trimmingCharacters(in: .whitespacesAndNewlines), !string.isEmpty else {
            throw .webhookNotConfigured
        }
        guard let url = URL(string: string), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty
        else { throw .invalidWebhookURL(string) }
        return url
    }

    /// `2027-05-31T18:00:00+08:00`.
    static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .beijing
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d+08:00", p.year ?? 0, p.month ?? 0, p.day ?? 0, p.hour ?? 0, p.minute ?? 0,
            p.second ?? 0)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
