import App
import Campaigns
import Foundation
import Hummingbird
import OutreachCore
import SchoolCalendar

/// `/staff/calendar?year=&region=`: the year's planned letter sends (`CampaignService.plan`) on a month
/// grid per month, with the calendar's festivals, holidays and school dates (`CalendarService.events`)
/// in the same cells, and below each month the sends as a list — each with its campaign when one was
/// made, or a button that creates the draft for that occurrence.
struct StaffCalendarPage {
    let site: Site

    func register(on router: Router<AppRequestContext>) {
        router.get("/staff/calendar") { request, context in
            let me = try context.requireRole(.staff)
            let query = try Site.query(request)
            let thisYear = Int(BeijingTime.day(site.core.clock.now).prefix(4)) ?? 2027
            let yearText = query.text("year") ?? String(thisYear)
            let region = query.text("region")
            let staff = StaffController(site: site)
            var values: [String: Any] = [
                "year": yearText, "regions": try staff.regionOptions(selected: region), "regionName": region ?? "全国",
            ]
            guard let year = Int(yearText), (1900...2100).contains(year) else {
                values["error"] = "年份请填 1900–2100 之间的数字，例如 \(thisYear)。"
                return try await site.page("staff-calendar", title: "全年发送日历", request, context, values, status: .badRequest)
            }
            let plan: (sends: [PlannedSend], warnings: [String])
            let events: [CalendarEvent]
            do {
                plan = try await site.core.campaigns.plan(year: year, region: region)
                events = try site.core.calendar.events(year: year, region: region)
            } catch is CalendarError {
                values["error"] = "没有「\(region ?? "")」的校历。请从列表里选择地区。"
                return try await site.page("staff-calendar", title: "全年发送日历", request, context, values, status: .badRequest)
            }
            let titles = Dictionary(try await site.core.campaigns.templates().map { ($0.id.rawValue, $0.title) }, uniquingKeysWith: { a, _ in a })
            let campaigns = try await site.core.campaigns.campaigns(actor: .account(me))
            values["months"] = (1...12).map { month in
                Self.month(year: year, month: month, sends: plan.sends, events: events, titles: titles, campaigns: campaigns, region: region)
            }
            values["sendCount"] = plan.sends.count
            values["warnings"] = plan.warnings.isEmpty ? [] : ["部分学校日期（开学、考试、假期）没有选择地区，相关家长信未列出：请选择地区查看。"]
            values["hasWarnings"] = !plan.warnings.isEmpty
            return try await site.page("staff-calendar", title: "\(year) 年家长信发送日历", request, context, values)
        }
    }

    /// One month: a grid of weeks (Monday first) and the list of its sends.
    static func month(
        year: Int, month: Int, sends: [PlannedSend], events: [CalendarEvent], titles: [String: String], campaigns: [Campaign], region: String?
    ) -> [String: Any] {
        let prefix = String(format: "%04d-%02d-", year, month)
        let first = BeijingTime.date(day: prefix + "01") ?? Date()
        let days = BeijingTime.calendar.range(of: .day, in: .month, for: first)?.count ?? 30
        let lead = BeijingTime.weekday(first) - 1
        let monthSends = sends.filter { $0.sendDate.hasPrefix(prefix) }.sorted { ($0.sendDate, $0.sendTime) < ($1.sendDate, $1.sendTime) }
        let monthEvents = events.filter { $0.date.hasPrefix(prefix) && $0.key != "solar_term" }
        var weeks: [[String: Any]] = []
        var cells: [[String: Any]] = Array(repeating: ["empty": true], count: lead)
        for day in 1...days {
            let date = prefix + String(format: "%02d", day)
            var dayEvents: [String] = []
            for event in monthEvents where event.date == date && !dayEvents.contains(event.name) { dayEvents.append(event.name) }
            let daySends = monthSends.filter { $0.sendDate == date }.map { titles[$0.template] ?? $0.template }
            cells.append([
                "empty": false, "day": day, "events": dayEvents, "sends": daySends, "busy": !daySends.isEmpty,
                "label": "\(month)月\(day)日" + (daySends.isEmpty ? "" : "，发送 \(daySends.count) 封家长信"),
            ])
            if cells.count == 7 {
                weeks.append(["cells": cells])
                cells = []
            }
        }
        if !cells.isEmpty {
            cells += Array(repeating: ["empty": true], count: 7 - cells.count)
            weeks.append(["cells": cells])
        }
        let list = monthSends.map { send -> [String: Any] in
            let made = campaigns.first {
                $0.template == send.template && $0.eventDate == send.eventDate && ($0.region == nil || send.region == nil || $0.region == send.region)
                    && $0.state != .cancelled
            }
            var item: [String: Any] = [
                "date": send.sendDate, "time": send.sendTime, "name": titles[send.template] ?? send.template,
                "event": PageText.event(send.event) + " " + send.eventDate, "offset": StaffController.offset(send.offsetDays),
                "staggered": send.staggeredFrom.map { "（原定 \($0)，与同日其他家长信错开）" } ?? "",
                "template": send.template, "eventDate": send.eventDate, "year": year, "region": region ?? "", "made": made != nil,
            ]
            if let made {
                item["campaignHref"] = StaffController.href(made.id)
                item["campaignState"] = PageText.state(made.state)
            }
            return item
        }
        return [
            "heading": "\(year)年\(month)月", "id": "m\(month)", "weeks": weeks, "sends": list, "hasSends": !list.isEmpty,
        ]
    }
}
