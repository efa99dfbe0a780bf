import App
import Foundation
import Hummingbird
import Lectures
import OutreachCore
import Store

/// The community organisers' pages under `/organiser`: an overview, venues, the lecturer pool,
/// lectures (one or a weekly series) with each lecture's registrations and waitlist, and the check-in
/// page where a registration's code checks its parent in once. Orders (点单) are `OrganiserOrdersPage`.
///
/// Every route asks for the organiser role first (admins pass); the App layer checks
/// `manageLectures` again. A form that fails comes back with the typed values and a Chinese message.
struct OrganiserController {
    let site: Site

    func register(on router: Router<AppRequestContext>) {
        router.get("/organiser") { request, context in
            try context.requireRole(.organiser)
            let today = BeijingTime.day(site.core.clock.now)
            let upcoming = try await site.core.lectures.list(region: nil, from: today, to: nil).prefix(10)
            let orders = try await site.core.lectures.orders(actor: try context.actor())
            let waiting = orders.filter { [.open, .proposed, .confirmed, .accepted, .declined].contains($0.state) }
            let values: [String: Any] = [
                "lectures": try await lectureRows(Array(upcoming)), "hasLectures": !upcoming.isEmpty,
                "orders": waiting.map(OrganiserOrdersPage.row), "hasOrders": !waiting.isEmpty,
            ]
            return try await site.page("organiser-home", title: "讲座管理", request, context, values)
        }
        router.get("/organiser/venues") { request, context in
            try context.requireRole(.organiser)
            return try await venuesPage(request, context)
        }
        router.post("/organiser/venues") { request, context in
            let actor = Actor.account(try context.requireRole(.organiser))
            let form = context.form
            guard let capacity = form.text("capacity").flatMap({ Int($0) }) else {
                return try await venuesPage(request, context, error: "请填写座位数（整数）。", status: .badRequest)
            }
            let venue = Venue(
                id: Venue.ID(form.text("id") ?? Self.newID("venue")), name: form["name"] ?? "", address: form.text("address") ?? "",
                region: form.text("region") ?? "", capacity: capacity, accessibility: form.text("accessibility") ?? "")
            do {
                let added = try await site.core.lectures.addVenue(venue, actor: actor)
                return try Redirect(to: "/organiser/venues", flash: "已添加场地「\(added.name)」。").response(from: request, context: context)
            } catch {
                let (status, message) = try PageText.expected(error, context)
                return try await venuesPage(request, context, error: message, status: status)
            }
        }
        router.get("/organiser/lecturers") { request, context in
            try context.requireRole(.organiser)
            return try await lecturersPage(request, context)
        }
        router.post("/organiser/lecturers") { request, context in
            let actor = Actor.account(try context.requireRole(.organiser))
            let form = context.form
            let weekdays = form.values(of: "weekdays").compactMap { Int($0) }
            let lecturer = Lecturer(
                id: Lecturer.ID(form.text("id") ?? Self.newID("lecturer")), name: (form["name"] ?? "").trimmingCharacters(in: .whitespaces),
                topics: form.values(of: "topics"), regions: Self.list(form["regions"]),
                availability: Availability(weekdays: weekdays, from: form.text("from") ?? "08:00", to: form.text("to") ?? "21:30", blocked: Self.list(form["blocked"])),
                account: form.text("account").map { Account.ID($0) })
            do {
                let added = try await site.core.lectures.addLecturer(lecturer, actor: actor)
                return try Redirect(to: "/organiser/lecturers", flash: "已添加讲师「\(added.name)」。").response(from: request, context: context)
            } catch {
                let (status, message) = try PageText.expected(error, context)
                return try await lecturersPage(request, context, error: message, status: status)
            }
        }
        router.get("/organiser/lectures") { request, context in
            try context.requireRole(.organiser)
            return try await lecturesPage(request, context)
        }
        router.post("/organiser/lectures") { request, context in
            let actor = Actor.account(try context.requireRole(.organiser))
            let form = context.form
            guard let day = form.text("date"), BeijingTime.isDay(day) else {
                return try await lecturesPage(request, context, error: "请选择讲座日期。", status: .badRequest)
            }
            guard let from = form.text("start").flatMap(BeijingTime.minutes), let to = form.text("end").flatMap(BeijingTime.minutes),
                let start = BeijingTime.date(day: day, minutes: from), let end = BeijingTime.date(day: day, minutes: to)
            else {
                return try await lecturesPage(request, context, error: "请填写开始和结束时间（如 19:00 和 20:30）。", status: .badRequest)
            }
            let capacity = form.text("capacity").map { Int($0) }
            let weekly = form.text("weekly").map { Int($0) }
            if capacity == .some(nil) || weekly == .some(nil) {
                return try await lecturesPage(request, context, error: "名额和重复次数请填整数（可以不填）。", status: .badRequest)
            }
            let newLecture = LectureService.NewLecture(
                id: form.text("id") ?? Self.newID("lecture"), title: form["title"] ?? "", venue: form["venue"] ?? "", lecturer: form.text("lecturer"),
                start: start, end: end, capacity: capacity ?? nil, topic: form.text("topic"), weekly: (weekly ?? nil).flatMap { $0 > 1 ? $0 : nil })
            do {
                let added = try await site.core.lectures.add(newLecture, actor: actor)
                let flash = added.count == 1 ? "已安排讲座「\(added[0].title)」。" : "已安排每周一次的系列讲座，共 \(added.count) 场。"
                return try Redirect(to: Self.lectureHref(added[0].id), flash: flash).response(from: request, context: context)
            } catch {
                let (status, message) = try PageText.expected(error, context)
                return try await lecturesPage(request, context, error: message, status: status)
            }
        }
        router.get("/organiser/lectures/:id") { request, context in
            try context.requireRole(.organiser)
            return try await lecturePage(try context.parameters.require("id"), request, context)
        }
        router.post("/organiser/lectures/:id/checkin") { request, context in
            let actor = Actor.account(try context.requireRole(.organiser))
            let id = try context.parameters.require("id")
            guard let code = context.form.text("code") else {
                return try await lecturePage(id, request, context, error: "请输入家长出示的签到码。", status: .badRequest)
            }
            do {
                let registration = try await site.core.lectures.checkIn(Lecture.ID(id), code: code.uppercased(), actor: actor)
                let name = try await site.core.accounts.account(id: registration.parent.rawValue).map(Self.name) ?? registration.parent.rawValue
                return try Redirect(to: Self.lectureHref(Lecture.ID(id)), flash: "签到成功：\(name)（第 \(registration.position) 位）。")
                    .response(from: request, context: context)
            } catch {
                let (status, message) = try PageText.expected(error, context)
                return try await lecturePage(id, request, context, error: message, status: status)
            }
        }
        OrganiserOrdersPage(site: site).register(on: router)
    }

    // MARK: - Pages

    private func venuesPage(_ request: Request, _ context: AppRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok) async throws
        -> Response
    {
        let venues = try await site.core.lectures.venues().map { venue -> [String: Any] in
            ["id": venue.id.rawValue, "name": venue.name, "region": venue.region, "address": venue.address, "capacity": venue.capacity,
             "accessibility": venue.accessibility]
        }
        var values: [String: Any] = ["venues": venues, "hasVenues": !venues.isEmpty, "f": Self.fields(context.form)]
        if let error { values["error"] = error }
        return try await site.page("organiser-venues", title: "场地", context, values, status: status, path: "/organiser/venues")
    }

    private func lecturersPage(_ request: Request, _ context: AppRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok) async throws
        -> Response
    {
        let form = context.form
        let topicNames = Dictionary(uniqueKeysWithValues: Topic.menu.map { ($0.id, $0.name) })
        let lecturers = try await site.core.lectures.lecturers().map { lecturer -> [String: Any] in
            ["id": lecturer.id.rawValue, "name": lecturer.name, "topics": lecturer.topics.map { topicNames[$0] ?? $0 }.joined(separator: "、"),
             "regions": lecturer.regions.isEmpty ? "不限" : lecturer.regions.joined(separator: "、"), "availability": lecturer.availability.summary,
             "account": lecturer.account?.rawValue ?? "—"]
        }
        var fields = Self.fields(form)
        if form.pairs.isEmpty { fields = ["from": "08:00", "to": "21:30"] }
        var values: [String: Any] = [
            "lecturers": lecturers, "hasLecturers": !lecturers.isEmpty, "f": fields,
            "topics": Topic.menu.map { ["id": $0.id, "name": $0.name, "checked": form.values(of: "topics").contains($0.id)] },
            "weekdays": (1...7).map { ["value": $0, "label": PageText.weekday($0), "checked": form.values(of: "weekdays").contains(String($0))] },
        ]
        if let error { values["error"] = error }
        return try await site.page("organiser-lecturers", title: "讲师", context, values, status: status, path: "/organiser/lecturers")
    }

    private func lecturesPage(_ request: Request, _ context: AppRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok) async throws
        -> Response
    {
        let form = context.form
        let query = try Site.query(request)
        let region = query.text("region").map { String($0.prefix(50)) }
        let showPast = query["past"] == "1"
        let today = BeijingTime.day(site.core.clock.now)
        let listings = try await site.core.lectures.list(region: region, from: showPast ? nil : today, to: nil)
        let venues = try await site.core.lectures.venues()
        let lecturers = try await site.core.lectures.lecturers()
        var fields = Self.fields(form)
        if form.pairs.isEmpty { fields = ["start": "19:00", "end": "20:30"] }
        var values: [String: Any] = [
            "lectures": try await lectureRows(Array(listings.prefix(300))), "hasLectures": !listings.isEmpty, "region": region ?? "",
            "showPast": showPast, "f": fields,
            "venues": venues.map { ["value": $0.id.rawValue, "label": "\($0.name)（\($0.capacity) 座）", "selected": form["venue"] == $0.id.rawValue] },
            "hasVenues": !venues.isEmpty,
            "lecturers": lecturers.map { ["value": $0.id.rawValue, "label": $0.name, "selected": form["lecturer"] == $0.id.rawValue] },
            "topics": Topic.menu.map { ["value": $0.id, "label": $0.name, "selected": form["topic"] == $0.id] },
        ]
        if let error { values["error"] = error }
        return try await site.page("organiser-lectures", title: "讲座", context, values, status: status, path: "/organiser/lectures")
    }

    /// One lecture: its facts, the seat list and waitlist with check-in status, and the check-in form.
    private func lecturePage(
        _ id: String, _ request: Request, _ context: AppRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let detail = try await site.core.lectures.detail(Lecture.ID(id), actor: try context.actor())
        let lecture = detail.lecture
        func person(_ registration: Registration) async throws -> [String: Any] {
            let account = try await site.core.accounts.account(id: registration.parent.rawValue)
            return [
                "position": registration.position, "parent": registration.parent.rawValue, "name": account.map(Self.name) ?? "",
                "checkedIn": registration.checkedInAt.map(Site.time) ?? "", "isCheckedIn": registration.checkedInAt != nil,
                "registeredAt": Site.time(registration.registeredAt),
            ]
        }
        var seated: [[String: Any]] = []
        for registration in detail.roster.registered { seated.append(try await person(registration)) }
        var waiting: [[String: Any]] = []
        for registration in detail.roster.waitlist { waiting.append(try await person(registration)) }
        var values: [String: Any] = [
            "name": lecture.title, "start": Site.time(lecture.start), "end": Site.time(lecture.end),
            "venue": detail.venue?.name ?? lecture.venue.rawValue, "lecturer": detail.lecturer?.name ?? "（未定）",
            "topic": lecture.topic.flatMap { Topic.find($0)?.name } ?? "—", "capacity": lecture.capacity,
            "registeredCount": seated.count, "waitlistCount": waiting.count, "checkedInCount": detail.roster.checkedIn,
            "series": lecture.series ?? "", "inSeries": lecture.series != nil,
            "seated": seated, "hasSeated": !seated.isEmpty, "waiting": waiting, "hasWaiting": !waiting.isEmpty,
            "checkinAction": Self.lectureHref(lecture.id) + "/checkin", "publicHref": "/lectures/" + Site.segment(lecture.id.rawValue),
        ]
        if let error { values["error"] = error }
        return try await site.page("organiser-lecture", title: lecture.title, context, values, status: status, path: Self.lectureHref(lecture.id))
    }

    // MARK: - Helpers

    func lectureRows(_ listings: [LectureListing]) async throws -> [[String: Any]] {
        let venues = Dictionary(uniqueKeysWithValues: try await site.core.lectures.venues().map { ($0.id, $0.name) })
        let lecturers = Dictionary(uniqueKeysWithValues: try await site.core.lectures.lecturers().map { ($0.id, $0.name) })
        return listings.map { listing in
            let lecture = listing.lecture
            return [
                "href": Self.lectureHref(lecture.id), "name": lecture.title, "start": Site.time(lecture.start),
                "venue": venues[lecture.venue] ?? lecture.venue.rawValue, "lecturer": lecture.lecturer.flatMap { lecturers[$0] } ?? "—",
                "seats": "\(listing.registered) / \(lecture.capacity)" + (listing.waitlisted > 0 ? "，候补 \(listing.waitlisted)" : ""),
            ]
        }
    }

    static func lectureHref(_ id: Lecture.ID) -> String { "/organiser/lectures/" + Site.segment(id.rawValue) }

    /// The typed form fields (first values) for a form shown again after an error.
    static func fields(_ form: FormData) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in form.pairs where pair.name != "_csrf" && fields[pair.name] == nil { fields[pair.name] = pair.value }
        return fields
    }

    /// `a, b，c` → `["a", "b", "c"]` (ASCII or Chinese commas, spaces or 、).
    static func list(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: { ",，、 \n".contains($0) }).map(String.init).filter { !$0.isEmpty }
    }

    /// A fresh id for a record whose form left the id empty: `venue-k3x9q2`.
    static func newID(_ prefix: String) -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        return prefix + "-" + String((0..<6).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    static func name(_ account: Account) -> String { account.name.isEmpty ? account.id.rawValue : account.name }
}
