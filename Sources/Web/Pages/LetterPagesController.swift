import App
import Campaigns
import Foundation
import Hummingbird
import OutreachCore
import Store

/// The parent's letters: the inbox (`/letters`), one letter (`/letters/{id}`, marked read), the 回执
/// (`POST /letters/{id}/ack`, with an optional message checked for a crisis) and the printable letter
/// with its 回执 slip (`/letters/{id}/print`).
///
/// A letter that was not sent to the signed-in parent is a 404 page, whoever asks: the App layer looks
/// letters up by (campaign, parent), so another parent's letter cannot be read, acknowledged or printed.
struct LetterPagesController {
    let site: Site

    func register(on router: Router<AppRequestContext>) {
        let site = site
        router.get("/letters") { request, context in
            let actor = try context.actor()
            let letters = try await site.core.campaigns.inbox(actor: actor).map { letter -> [String: Any] in
                let isReminder = letter.kind == "lecture_reminder"
                return [
                    "title": letter.title, "delivered": Site.time(letter.deliveredAt), "read": isReminder || letter.readAt != nil,
                    "acknowledged": letter.ackAt != nil, "ackRequired": letter.ackRequired, "reminded": letter.reminded,
                    "href": isReminder ? "/lectures/" + Site.segment(String(letter.campaign.dropFirst("lecture:".count)))
                        : "/letters/" + Site.segment(letter.campaign),
                ]
            }
            return try await site.page("letters", title: "家长信", request, context, ["letters": letters, "hasLetters": !letters.isEmpty])
        }
        router.get("/letters/:id") { request, context in
            let actor = try context.actor()
            let id = try context.parameters.require("id")
            return try await letterPage(id: id, actor: actor, request, context, crisisHelp: nil)
        }
        router.post("/letters/:id/ack") { request, context in
            let actor = try context.actor()
            let id = try context.parameters.require("id")
            let message = context.form["message"]
            _ = try await site.core.campaigns.acknowledge(Campaign.ID(id), message: message, actor: actor)
            // A message that signals a crisis: the reply page shows the help first, before the letter.
            if let help = await site.crisisHelp(message, context) {
                return try await letterPage(id: id, actor: actor, request, context, crisisHelp: help, flash: "回执已收到。")
            }
            return try Redirect(to: "/letters/" + Site.segment(id), flash: "回执已收到，谢谢您！").response(from: request, context: context)
        }
        router.get("/letters/:id/print") { _, context in
            let actor = try context.actor()
            let html = try await site.core.channels.printableLetter(forParent: Campaign.ID(try context.parameters.require("id")), actor: actor)
            return PageRenderer.html(html)
        }
    }

    private func letterPage(
        id: String, actor: Actor, _ request: Request, _ context: AppRequestContext, crisisHelp: [String]?, flash: String? = nil
    ) async throws -> Response {
        let read = try await site.core.campaigns.read(Campaign.ID(id), actor: actor)
        var context = context
        if let flash { context.flash = flash }
        let letter = read.letter
        var values: [String: Any] = [
            "title": letter.title, "delivered": Site.time(letter.deliveredAt), "body": SafeMarkdown.html(read.body),
            "acknowledged": letter.ackAt != nil, "ackRequired": letter.ackRequired,
            "ackAction": "/letters/\(Site.segment(id))/ack", "printHref": "/letters/\(Site.segment(id))/print",
        ]
        if let at = letter.ackAt { values["acknowledgedAt"] = Site.time(at) }
        if let receipt = read.receipt { values["receipt"] = receipt }
        if let crisisHelp { values["helpFirst"] = Site.helpFirstHTML(crisisHelp) }
        return try await site.page("letter", title: letter.title, context, values, path: "/letters/\(id)")
    }
}
