import App
import Campaigns
import Foundation
import Hummingbird
import OutreachCore
import Store

/// Letter campaigns for staff (plan, draft, review, schedule, rates, reminders) and the parents' inbox
/// with 回执, under `/api/v1`. Every route needs a bearer token; the App layer checks the role.
struct CampaignController {
    let core: App

    func register(api: inout APIRoutes) {
        let core = core
        api.get(
            "/api/v1/campaigns/plan", summary: "Every planned send of every letter template in a year (staff)",
            parameters: [
                .init(name: "year", location: "query", required: true, type: "integer", description: "1900–2100"),
                .init(name: "region", location: "query", required: false, type: "string", description: "浙江/zhejiang … for school dates"),
            ],
            returns: "{sends:[{template,event,event_date,offset_days,send_date,send_time,audience,region?,staggered_from?}], warnings}"
        ) { request, _ in
            let actor = try await LearningController.actor(request, core)
            try actor.require(.writeLetters)
            guard let year = request.uri.queryParameters["year"].flatMap({ Int(String($0)) }) else {
                throw APIError.badRequest("give year=YYYY (1900–2100)")
            }
            let plan = try await core.campaigns.plan(year: year, region: request.uri.queryParameters["region"].map(String.init))
            return EncodableResponse(PlanBody(sends: plan.sends, warnings: plan.warnings))
        }
        api.get("/api/v1/campaigns", summary: "All campaigns (staff)", returns: "[campaign]") { request, _ in
            let actor = try await LearningController.actor(request, core)
            return EncodableResponse(try await core.campaigns.campaigns(actor: actor).map(CampaignView.init))
        }
        api.post(
            "/api/v1/campaigns", summary: "Start a draft from a template: {template, year, region?, event_date?, id?} (staff)",
            returns: "campaign"
        ) { request, context in
            let actor = try await LearningController.actor(request, core)
            let body = try await request.decode(as: NewCampaign.self, context: context)
            let campaign = try await core.campaigns.create(
                template: body.template, year: body.year, region: body.region, eventDate: body.event_date, campaignID: body.id, actor: actor)
            return EncodableResponse(CampaignView(campaign))
        }
        api.get("/api/v1/campaigns/:id", summary: "One campaign with its content (staff)", returns: "campaign") { request, context in
            let actor = try await LearningController.actor(request, core)
            return EncodableResponse(CampaignView(try await core.campaigns.campaign(Campaign.ID(try context.parameters.require("id")), actor: actor)))
        }
        api.post(
            "/api/v1/campaigns/:id/edit",
            summary: "Edit {title?, body?, sms?, offset_days?, send_hour?, ack_required?}: a new revision, back to draft (staff)",
            returns: "campaign"
        ) { request, context in
            let actor = try await LearningController.actor(request, core)
            let body = try await request.decode(as: EditBody.self, context: context)
            let campaign = try await core.campaigns.edit(
                Campaign.ID(try context.parameters.require("id")),
                .init(title: body.title, body: body.body, sms: body.sms, offsetDays: body.offset_days, sendHour: body.send_hour,
                      ackRequired: body.ack_required),
                actor: actor)
            return EncodableResponse(CampaignView(campaign))
        }
        api.post(
            "/api/v1/campaigns/:id/steps/:step",
            summary: "Move a campaign on: submit, reject, approve (a second staff member), schedule, cancel, archive", returns: "campaign"
        ) { request, context in
            let actor = try await LearningController.actor(request, core)
            let name = try context.parameters.require("step")
            let allowed: [CampaignAction] = [.submit, .reject, .approve, .schedule, .cancel, .archive]
            guard let step = CampaignAction(rawValue: name), allowed.contains(step) else {
                throw APIError.badRequest("unknown step '\(name)' (use \(allowed.map(\.rawValue).joined(separator: ", ")))")
            }
            let campaign = try await core.campaigns.perform(step, on: Campaign.ID(try context.parameters.require("id")), actor: actor)
            return EncodableResponse(CampaignView(campaign))
        }
        api.get(
            "/api/v1/campaigns/:id/rates", summary: "Delivered, read and acknowledged counts by school and grade (staff)",
            returns: "[{school, grade, delivered, read, acknowledged}]"
        ) { request, context in
            let actor = try await LearningController.actor(request, core)
            return EncodableResponse(try await core.campaigns.rates(Campaign.ID(try context.parameters.require("id")), actor: actor))
        }
        api.post(
            "/api/v1/campaigns/:id/remind", summary: "Remind every parent who has not acknowledged (staff)", returns: "{reminded}"
        ) { request, context in
            let actor = try await LearningController.actor(request, core)
            let count = try await core.campaigns.remind(Campaign.ID(try context.parameters.require("id")), actor: actor)
            return JSON(["reminded": count])
        }
        api.get("/api/v1/me/letters", summary: "The parent's letters, newest first", returns: "[{id, title, delivered_at, read, acknowledged, ack_required, reminded}]") { request, _ in
            let actor = try await LearningController.actor(request, core)
            return EncodableResponse(try await core.campaigns.inbox(actor: actor).map(LetterView.init))
        }
        api.get("/api/v1/me/letters/:id", summary: "Read one letter (marks it read)", returns: "{id, title, body, receipt?, read, acknowledged, ack_required}") { request, context in
            let actor = try await LearningController.actor(request, core)
            let read = try await core.campaigns.read(Campaign.ID(try context.parameters.require("id")), actor: actor)
            var body: [String: Any] = [
                "id": read.letter.campaign, "title": read.letter.title, "body": read.body, "read": true,
                "acknowledged": read.letter.ackAt != nil, "ack_required": read.letter.ackRequired,
            ]
            if let receipt = read.receipt { body["receipt"] = receipt }
            return JSON(body)
        }
        api.post("/api/v1/me/letters/:id/ack", summary: "Acknowledge a letter (回执) with an optional {message}", returns: "letter") { request, context in
            let actor = try await LearningController.actor(request, core)
            let body = (try? await request.decode(as: AckBody.self, context: context)) ?? AckBody(message: nil)
            let letter = try await core.campaigns.acknowledge(Campaign.ID(try context.parameters.require("id")), message: body.message, actor: actor)
            return EncodableResponse(LetterView(letter))
        }
    }

    struct PlanBody: Encodable {
        var sends: [PlannedSend]
        var warnings: [String]
    }

    struct NewCampaign: Decodable {
        var template: String
        var year: Int
        var region: String?
        var event_date: String?
        var id: String?
    }

    struct EditBody: Decodable {
        var title: String?
        var body: String?
        var sms: String?
        var offset_days: Int?
        var send_hour: Int?
        var ack_required: Bool?
    }

    struct AckBody: Decodable {
        var message: String?
    }
}
