import App
import Campaigns
import Foundation
import Hummingbird
import OutreachCore
import SchoolCalendar
import Store

/// The family-education staff's pages under `/staff`: the campaign list with what waits for review,
/// creating a campaign from a template for a year and region, one campaign with its lifecycle steps,
/// the letter editor with a server-side preview, delivery / read / 回执 rates with reminders, and the
/// printable letter. The year's send calendar is `StaffCalendarPage`.
///
/// Every route asks for the staff role first (admins pass); the App layer checks `writeLetters` /
/// `approveLetters` again and refuses self-approval, which the campaign page shows as a message.
struct StaffController {
    let site: Site

    /// The steps a page may ask for (`start` and `finish` belong to the sender, `edit` to the editor).
    static let steps: [CampaignAction] = [.submit, .reject, .approve, .schedule, .cancel, .archive]

    func register(on router: Router<AppRequestContext>) {
        router.get("/staff") { request, context in
            try context.requireRole(.staff)
            return try await home(request, context)
        }
        router.post("/staff/campaigns") { request, context in
            let actor = Actor.account(try context.requireRole(.staff))
            let form = context.form
            let template = form.text("template") ?? ""
            let region = form.text("region")
            guard let year = form.text("year").flatMap({ Int($0) }) else {
                return try await home(request, context, error: "请填写年份（例如 2027）。", status: .badRequest)
            }
            let eventDate = form.text("event_date")
            if let eventDate, !BeijingTime.isDay(eventDate) {
                return try await home(request, context, error: "事件日期的格式应为 2027-06-07。", status: .badRequest)
            }
            do {
                let campaign = try await site.core.campaigns.create(template: template, year: year, region: region, eventDate: eventDate, actor: actor)
                let reach = (try? await site.core.campaigns.audienceSize(campaign.id)) ?? 0
                let flash = "已创建草稿《\(campaign.content.title)》。" + (reach == 0 ? "提醒：目前没有家长符合这封信的发送对象。" : "按现在的名单会发给 \(reach) 位家长。")
                return try Redirect(to: Self.href(campaign.id), flash: flash).response(from: request, context: context)
            } catch {
                let (status, message) = try PageText.expected(error, context)
                return try await home(request, context, error: message, status: status)
            }
        }
        router.get("/staff/campaigns/:id") { request, context in
            let actor = Actor.account(try context.requireRole(.staff))
            return try await campaignPage(try context.parameters.require("id"), actor: actor, request, context)
        }
        router.post("/staff/campaigns/:id/steps/:step") { request, context in
            let actor = Actor.account(try context.requireRole(.staff))
            let id = try context.parameters.require("id")
            guard let step = CampaignAction(rawValue: try context.parameters.require("step")), Self.steps.contains(step) else {
                throw PageError.notFound()
            }
            // Cancelling cannot be undone: the form asks for a tick first.
            if step == .cancel, context.form["confirm"] != "1" {
                return try await campaignPage(id, actor: actor, request, context, error: "取消后不能恢复。请先勾选“确认取消”，再点取消。", status: .badRequest)
            }
            do {
                let campaign = try await site.core.campaigns.perform(step, on: Campaign.ID(id), actor: actor)
                return try Redirect(to: Self.href(campaign.id), flash: Self.done(step, campaign)).response(from: request, context: context)
            } catch {
                let (status, message) = try PageText.expected(error, context)
                return try await campaignPage(id, actor: actor, request, context, error: message, status: status)
            }
        }
        router.post("/staff/campaigns/:id/remind") { request, context in
            let actor = Actor.account(try context.requireRole(.staff))
            let id = try context.parameters.require("id")
            let count = try await site.core.campaigns.remind(Campaign.ID(id), actor: actor)
            let flash = count == 0 ? "没有需要提醒的家长：收到信的家长都已回执。" : "已提醒 \(count) 位还没有回执的家长。"
            return Redirect(to: Self.href(Campaign.ID(id)), flash: flash)
        }
        router.get("/staff/campaigns/:id/print") { request, context in
            let actor = Actor.account(try context.requireRole(.staff))
            let proof = try Site.query(request)["proof"] == "1"
            do {
                let letter = try await site.core.channels.printableLetter(Campaign.ID(try context.parameters.require("id")), proof: proof, actor: actor)
                return PageRenderer.html(letter.html)
            } catch let error as CampaignError {
                if case .notFound = error { throw error }
                throw PageError(.conflict, PageText.campaign(error))
            }
        }
        router.get("/staff/campaigns/:id/edit") { request, context in
            let actor = Actor.account(try context.requireRole(.staff))
            let campaign = try await site.core.campaigns.campaign(Campaign.ID(try context.parameters.require("id")), actor: actor)
            let content = campaign.content
            let fields = Fields(
                title: content.title, body: content.body, sms: content.sms ?? "", offset: String(content.offsetDays), hour: String(content.sendHour),
                ack: content.ackRequired)
            return try await editor(campaign, fields: fields, preview: false, request, context)
        }
        router.post("/staff/campaigns/:id/edit") { request, context in
            let actor = Actor.account(try context.requireRole(.staff))
            let campaign = try await site.core.campaigns.campaign(Campaign.ID(try context.parameters.require("id")), actor: actor)
            let form = context.form
            let fields = Fields(
                title: form["title"] ?? "", body: form["body"] ?? "", sms: form["sms"] ?? "", offset: form["offset_days"] ?? "",
                hour: form["send_hour"] ?? "", ack: form["ack_required"] == "1")
            if form["do"] == "preview" { return try await editor(campaign, fields: fields, preview: true, request, context) }
            guard let offset = Int(fields.offset.trimmingCharacters(in: .whitespaces)) else {
                return try await editor(campaign, fields: fields, preview: false, request, context, error: "“提前/推后天数”请填整数，例如 -7 表示事件前 7 天。")
            }
            guard let hour = Int(fields.hour.trimmingCharacters(in: .whitespaces)) else {
                return try await editor(campaign, fields: fields, preview: false, request, context, error: "“发送时间”请填 0–23 之间的整点。")
            }
            do {
                let sms = fields.sms.trimmingCharacters(in: .whitespacesAndNewlines)
                let saved = try await site.core.campaigns.edit(
                    campaign.id,
                    .init(title: fields.title.trimmingCharacters(in: .whitespacesAndNewlines), body: fields.body, sms: sms, offsetDays: offset,
                          sendHour: hour, ackRequired: fields.ack),
                    actor: actor)
                let flash = "已保存为第 \(saved.revision) 版。修改后的信需要重新提交审核，并由另一位工作人员批准。"
                return try Redirect(to: Self.href(saved.id), flash: flash).response(from: request, context: context)
            } catch {
                let (status, message) = try PageText.expected(error, context)
                return try await editor(campaign, fields: fields, preview: false, request, context, error: message, status: status)
            }
        }
        StaffCalendarPage(site: site).register(on: router)
    }

    // MARK: - Pages

    /// `/staff`: what waits for my review, every campaign, and the form to start one.
    private func home(_ request: Request, _ context: AppRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok) async throws
        -> Response
    {
        let me = try context.requireAccount()
        let actor = Actor.account(me)
        let campaigns = try await site.core.campaigns.campaigns(actor: actor)
        let row: (Campaign) -> [String: Any] = { campaign in
            [
                "href": Self.href(campaign.id), "name": campaign.content.title, "state": PageText.state(campaign.state),
                "event": PageText.event(campaign.event) + " " + campaign.eventDate, "region": campaign.region ?? "全国",
                "revision": campaign.revision, "sendAt": campaign.sendAt.map(Site.time) ?? "—", "author": campaign.author,
            ]
        }
        let toReview = campaigns.filter { $0.state == .inReview && $0.author != me.id.rawValue }
        let templates = try await site.core.campaigns.templates()
        let form = context.form
        let year = Int(BeijingTime.day(site.core.clock.now).prefix(4)) ?? 2027
        var values: [String: Any] = [
            "toReview": toReview.map(row), "hasToReview": !toReview.isEmpty,
            "campaigns": campaigns.prefix(300).map(row), "hasCampaigns": !campaigns.isEmpty, "more": campaigns.count > 300,
            "templates": templates.map { template -> [String: Any] in
                ["value": template.id.rawValue, "label": template.title + "（" + Self.trigger(template.trigger) + "）",
                 "selected": form["template"] == template.id.rawValue]
            },
            "year": form["year"] ?? String(year), "eventDate": form["event_date"] ?? "",
            "regions": try regionOptions(selected: form["region"]), "calendarHref": "/staff/calendar?year=\(year)",
        ]
        if let error { values["error"] = error }
        return try await site.page("staff-home", title: "家长信工作台", context, values, status: status, path: "/staff")
    }

    /// One campaign: its facts, the steps its state allows, the letter, rates once sent.
    private func campaignPage(
        _ id: String, actor: Actor, _ request: Request, _ context: AppRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let campaign = try await site.core.campaigns.campaign(Campaign.ID(id), actor: actor)
        let content = campaign.content
        let state = campaign.state
        let mine = campaign.author == actor.auditName
        let base = Self.href(campaign.id)
        let allowed = Self.steps.filter { (try? campaign.next($0, by: "")) != nil || ($0 == .approve && state == .inReview) }
        let editable = (try? campaign.next(.edit, by: "")) != nil
        var values: [String: Any] = [
            "name": content.title, "state": PageText.state(state), "revision": campaign.revision, "author": campaign.author,
            "approvedBy": campaign.approvedBy ?? "—", "event": PageText.event(campaign.event), "eventDate": campaign.eventDate,
            "region": campaign.region ?? "全国（不分地区）", "sendAt": campaign.sendAt.map(Site.time) ?? "排期后确定",
            "channels": content.channels.map(PageText.channel).joined(separator: "、"), "ackRequired": content.ackRequired,
            "audience": Self.audience(content.audience), "offset": Self.offset(content.offsetDays), "hour": content.sendHour,
            "body": SafeMarkdown.html(content.body, headingOffset: 2), "sms": content.sms ?? "", "hasSMS": !(content.sms ?? "").isEmpty,
            "receipt": content.receipt ?? "", "hasReceipt": !(content.receipt ?? "").isEmpty,
            "steps": allowed.map { step -> [String: Any] in
                [
                    "action": "\(base)/steps/\(step.rawValue)", "label": step == .cancel ? "取消这封信" : PageText.action(step),
                    "secondary": step == .cancel || step == .reject, "isCancel": step == .cancel,
                ]
            },
            "authorWaits": state == .inReview && mine,
            "editHref": "\(base)/edit", "editable": editable,
            "printable": content.channels.contains(.print),
            "printHref": [.approved, .scheduled, .sending, .sent, .archived].contains(state) ? "\(base)/print" : "\(base)/print?proof=1",
            "printLabel": [.approved, .scheduled, .sending, .sent, .archived].contains(state) ? "打印家长信（含回执单）" : "打印校对稿（未批准）",
        ]
        if [.sending, .sent, .archived].contains(state) {
            let rates = try await site.core.campaigns.rates(campaign.id, actor: actor)
            values["rates"] = rates.map { rate -> [String: Any] in
                ["school": rate.school.isEmpty ? "（未填学校）" : rate.school, "grade": rate.grade.map(Grade.chineseName) ?? "（未填）",
                 "delivered": rate.delivered, "read": Self.share(rate.read, of: rate.delivered), "acknowledged": Self.share(rate.acknowledged, of: rate.delivered)]
            }
            let delivered = rates.reduce(0) { $0 + $1.delivered }
            values["hasRates"] = !rates.isEmpty
            values["total"] = [
                "delivered": delivered, "read": Self.share(rates.reduce(0) { $0 + $1.read }, of: delivered),
                "acknowledged": Self.share(rates.reduce(0) { $0 + $1.acknowledged }, of: delivered),
            ]
            values["showRates"] = true
            values["canRemind"] = state == .sent && content.ackRequired
            values["remindAction"] = "\(base)/remind"
        }
        if let error { values["error"] = error }
        return try await site.page("staff-campaign", title: content.title, context, values, status: status, path: base)
    }

    /// The edit form's fields as typed (kept when the page comes back with a preview or an error).
    struct Fields {
        var title, body, sms, offset, hour: String
        var ack: Bool
    }

    /// The letter editor; with `preview`, the body rendered below exactly as parents will see it.
    private func editor(
        _ campaign: Campaign, fields: Fields, preview: Bool, _ request: Request, _ context: AppRequestContext, error: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        var values: [String: Any] = [
            "name": campaign.content.title, "campaignHref": Self.href(campaign.id), "action": Self.href(campaign.id) + "/edit",
            "editable": (try? campaign.next(.edit, by: "")) != nil, "state": PageText.state(campaign.state),
            "fieldTitle": fields.title, "body": fields.body, "sms": fields.sms, "offset": fields.offset, "hour": fields.hour, "ack": fields.ack,
            "nextRevision": campaign.revision + 1, "hotlinesToken": "{{hotlines}}",
        ]
        if preview {
            values["preview"] = SafeMarkdown.html(fields.body, headingOffset: 3)
            values["previewTitle"] = fields.title
            values["smsLength"] = fields.sms.count
        }
        if let error { values["error"] = error }
        return try await site.page("staff-edit", title: "修改：\(campaign.content.title)", context, values, status: status, path: Self.href(campaign.id))
    }

    // MARK: - Helpers

    func regionOptions(selected: String?) throws -> [[String: Any]] {
        [["value": "", "label": "全国（不分地区）", "selected": (selected ?? "").isEmpty]]
            + (try site.core.calendar.schoolCalendars()).map { ["value": $0.region, "label": $0.region, "selected": selected == $0.region || selected == $0.code] }
    }

    static func href(_ id: Campaign.ID) -> String { "/staff/campaigns/" + Site.segment(id.rawValue) }

    static func done(_ step: CampaignAction, _ campaign: Campaign) -> String {
        switch step {
        case .submit: "已提交审核，请另一位工作人员批准。"
        case .approve: "已批准。现在可以排期发送。"
        case .reject: "已退回修改。"
        case .schedule: "已排期：将于 \(campaign.sendAt.map(Site.time) ?? "") 发送。"
        case .cancel: "已取消这封信。"
        case .archive: "已归档。"
        default: "已完成。"
        }
    }

    static func trigger(_ trigger: LetterTemplate.Trigger) -> String {
        switch trigger {
        case .event(let key, let offset, _): PageText.event(key.rawValue) + (offset == 0 ? "当天" : offset < 0 ? "前 \(-offset) 天" : "后 \(offset) 天")
        case .date(let date, _): date
        }
    }

    static func offset(_ days: Int) -> String {
        days == 0 ? "事件当天" : days < 0 ? "事件前 \(-days) 天" : "事件后 \(days) 天"
    }

    static func audience(_ audience: LetterTemplate.Audience) -> String {
        var parts: [String] = []
        if !audience.stages.isEmpty { parts.append(audience.stages.map(\.chineseName).joined(separator: "、")) }
        if !audience.grades.isEmpty { parts.append(audience.grades.map(Grade.chineseName).joined(separator: "、")) }
        if !audience.regions.isEmpty { parts.append(audience.regions.joined(separator: "、")) }
        return parts.isEmpty ? "全部家长" : parts.joined(separator: "；")
    }

    /// `12（60.0%）`.
    static func share(_ count: Int, of total: Int) -> String {
        total == 0 ? "\(count)" : "\(count)（\(String(format: "%.1f", Double(count) / Double(total) * 100))%）"
    }
}
