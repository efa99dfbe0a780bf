public import Campaigns
public import Foundation
import OutreachCore
public import Store

/// A campaign as the CLI and the API print it (snake_case keys; times in Beijing time, ISO 8601).
public struct CampaignView: Encodable, Sendable {
    public var id, template, event, event_date: String
    public var region: String?
    public var revision: Int
    public var state, author: String
    public var approved_by: String?
    public var send_at: String?
    public var title, body: String
    public var sms, receipt: String?
    public var offset_days, send_hour: Int
    public var audience: LetterTemplate.Audience
    public var channels: [LetterTemplate.Channel]
    public var ack_required: Bool

    public init(_ campaign: Campaign) {
        id = campaign.id.rawValue
        template = campaign.template
        event = campaign.event
        event_date = campaign.eventDate
        region = campaign.region
        revision = campaign.revision
        state = campaign.state.rawValue
        author = campaign.author
        approved_by = campaign.approvedBy
        send_at = campaign.sendAt.map(CampaignService.beijingText)
        title = campaign.content.title
        body = campaign.content.body
        sms = campaign.content.sms
        receipt = campaign.content.receipt
        offset_days = campaign.content.offsetDays
        send_hour = campaign.content.sendHour
        audience = campaign.content.audience
        channels = campaign.content.channels
        ack_required = campaign.content.ackRequired
    }

    /// One line for the terminal.
    public var line: String {
        "\(id)  [\(state) r\(revision)]  \(event) \(event_date)\(region.map { " \($0)" } ?? "")  \(title)\(send_at.map { "  → \($0)" } ?? "")"
    }
}

/// A letter in a parent's inbox as the CLI and the API print it.
public struct LetterView: Encodable, Sendable {
    public var kind, id, title, delivered_at: String
    public var read, acknowledged, ack_required, reminded: Bool

    public init(_ letter: InboxLetter) {
        kind = letter.kind
        id = letter.campaign
        title = letter.title
        delivered_at = CampaignService.beijingText(letter.deliveredAt)
        read = letter.readAt != nil
        acknowledged = letter.ackAt != nil
        ack_required = letter.ackRequired
        reminded = letter.reminded
    }
}
