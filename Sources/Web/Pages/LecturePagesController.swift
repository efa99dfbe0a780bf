import App
import Foundation
import Hummingbird
import Lectures
import OutreachCore
import Store

/// Community lectures for parents: browse upcoming ones (`/lectures`, `?region=`), one lecture
/// (`/lectures/{id}`), register and cancel (`POST /lectures/{id}/register|cancel`, for the signed-in
/// parent only: the form names no parent, and the App layer refuses a parent acting for another), and
/// calendars (`/lectures/{id}/ics`, `/me/lectures.ics`).
struct LecturePagesController {
    let site: Site

    func register(on router: Router<AppRequestContext>) {
        let site = site
        router.get("/lectures") { request, context in
            let query = try Site.query(request)
            let region = String((query.text("region") ?? "").prefix(50))
            let today = BeijingTime.day(site.core.clock.now)
            let listings = try await site.core.lectures.list(region: region.isEmpty ? nil : region, from: today, to: nil)
                .filter { $0.lecture.end > site.core.clock.now }
            let mine = try await Self.myRegistrations(site, context)
            let venues = Dictionary(uniqueKeysWithValues: try await site.core.lectures.venues().map { ($0.id, $0) })
            let lectures = listings.prefix(100).map { listing -> [String: Any] in
                let lecture = listing.lecture
                var item: [String: Any] = [
                    "href": "/lectures/" + Site.segment(lecture.id.rawValue), "title": lecture.title, "start": Site.time(lecture.start),
                    "place": venues[lecture.venue]?.name ?? lecture.venue.rawValue,
                    "seats": Self.seats(capacity: lecture.capacity, registered: listing.registered, waitlisted: listing.waitlisted),
                ]
                if let registration = mine[lecture.id] { item["mine"] = Self.status(registration) }
                return item
            }
            return try await site.page(
                "lectures", title: "社区讲座", request, context,
                ["lectures": Array(lectures), "hasLectures": !lectures.isEmpty, "region": region, "signedIn": context.account != nil])
        }
        router.get("/lectures/:id") { request, context in
            let id = Lecture.ID(try context.parameters.require("id"))
            let lecture = try await site.core.lectures.lecture(id)
            let listing = try await site.core.lectures.list(region: nil, from: BeijingTime.day(lecture.start), to: BeijingTime.day(lecture.start))
                .first { $0.lecture.id == id }
            let venue = try await site.core.lectures.venues().first { $0.id == lecture.venue }
            let lecturer = try await site.core.lectures.lecturers().first { $0.id == lecture.lecturer }
            let registration = try await Self.myRegistrations(site, context)[id]
            let open = lecture.start > site.core.clock.now
            let active = registration.map { $0.status != .cancelled } ?? false
            let isParent = context.account?.role == .parent
            let full = (listing?.registered ?? 0) >= lecture.capacity
            var values: [String: Any] = [
                "title": lecture.title, "start": Site.time(lecture.start), "end": Site.time(lecture.end),
                "venue": venue?.name ?? lecture.venue.rawValue, "address": venue?.address ?? "", "accessibility": venue?.accessibility ?? "",
                "seats": Self.seats(capacity: lecture.capacity, registered: listing?.registered ?? 0, waitlisted: listing?.waitlisted ?? 0),
                "canRegister": open && isParent && !active, "canCancel": open && isParent && active,
                "registerLabel": full ? "名额已满，排候补" : "我要报名",
                "signInToRegister": open && context.account == nil, "started": !open,
                "nextHere": Site.segment("/lectures/" + id.rawValue).replacingOccurrences(of: "/", with: "%2F"),
                "registerAction": "/lectures/\(Site.segment(id.rawValue))/register", "cancelAction": "/lectures/\(Site.segment(id.rawValue))/cancel",
                "icsHref": "/lectures/\(Site.segment(id.rawValue))/ics",
            ]
            if let lecturer { values["lecturer"] = lecturer.name }
            if let registration { values["mine"] = Self.status(registration) }
            return try await site.page("lecture", title: lecture.title, request, context, values)
        }
        router.post("/lectures/:id/register") { request, context in
            let account = try context.requireAccount()
            let id = try context.parameters.require("id")
            let registration = try await site.core.lectures.register(Lecture.ID(id), parent: account.id.rawValue, actor: .account(account))
            let flash = registration.status == .registered
                ? "报名成功！您的签到码是 \(registration.code)，请在讲座当天出示。" : "名额已满，您已排在候补第 \(registration.position) 位，有人取消会自动递补。"
            return Redirect(to: "/lectures/" + Site.segment(id), flash: flash)
        }
        router.post("/lectures/:id/cancel") { request, context in
            let account = try context.requireAccount()
            let id = try context.parameters.require("id")
            _ = try await site.core.lectures.cancel(Lecture.ID(id), parent: account.id.rawValue, actor: .account(account))
            return Redirect(to: "/lectures/" + Site.segment(id), flash: "已取消报名。")
        }
        router.get("/lectures/:id/ics") { _, context in
            let id = try context.parameters.require("id")
            return CalendarFile(text: try await site.core.lectures.ics(Lecture.ID(id)), name: "lecture.ics")
        }
        router.get("/me/lectures.ics") { _, context in
            let account = try context.requireAccount()
            return CalendarFile(text: try await site.core.lectures.ics(parent: account.id.rawValue, actor: .account(account)), name: "xinqiao-lectures.ics")
        }
    }

    /// The signed-in parent's registrations by lecture (empty for guests and other roles).
    static func myRegistrations(_ site: Site, _ context: AppRequestContext) async throws -> [Lecture.ID: Registration] {
        guard let account = context.account, account.role == .parent else { return [:] }
        let pairs = try await site.core.lectures.registrations(parent: account.id.rawValue, actor: .account(account))
        return Dictionary(pairs.map { ($0.0.lecture, $0.0) }, uniquingKeysWith: { _, last in last })
    }

    static func status(_ registration: Registration) -> String {
        switch registration.status {
        case .registered: "您已报名，签到码 \(registration.code)"
        case .waitlisted: "您在候补第 \(registration.position) 位"
        case .cancelled: "您已取消报名"
        }
    }

    static func seats(capacity: Int, registered: Int, waitlisted: Int) -> String {
        let left = max(0, capacity - registered)
        return left > 0 ? "剩余 \(left) / \(capacity) 个名额" : "名额已满\(waitlisted > 0 ? "，\(waitlisted) 人候补" : "")，可排候补"
    }
}

/// An iCalendar file to download (`Content-Disposition: attachment`).
struct CalendarFile: ResponseGenerator {
    let text: String
    let name: String

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/calendar; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)\""],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
