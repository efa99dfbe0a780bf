import App
import Foundation
import Hummingbird
import Lectures
import OutreachCore
import Store

/// Community lectures under `/api/v1`: organisers manage venues, lecturers, orders (点单) and lectures;
/// parents register, cancel and download their calendar. The App layer checks every role.
struct LectureController {
    let core: App

    func register(api: inout APIRoutes) {
        let core = core
        api.get("/api/v1/lecture-topics", summary: "The topic menu (点单菜单)", returns: "[{id, name, mentalHealth}]") { _, _ in
            EncodableResponse(core.lectures.topics())
        }
        api.get("/api/v1/venues", summary: "Venues (signed in)", returns: "[venue]") { request, _ in
            _ = try await LearningController.actor(request, core)
            return EncodableResponse(try await core.lectures.venues())
        }
        api.post(
            "/api/v1/venues", summary: "Add a venue {id, name, capacity, region?, address?, accessibility?} (organiser)", returns: "venue"
        ) { request, context in
            let actor = try await LearningController.actor(request, core)
            let body = try await request.decode(as: VenueBody.self, context: context)
            let venue = try await core.lectures.addVenue(
                Venue(
                    id: Venue.ID(body.id), name: body.name, address: body.address ?? "", region: body.region ?? "", capacity: body.capacity,
                    accessibility: body.accessibility ?? ""),
                actor: actor)
            return EncodableResponse(venue)
        }
        api.get("/api/v1/lecturers", summary: "The lecturer pool (signed in)", returns: "[lecturer]") { request, _ in
            _ = try await LearningController.actor(request, core)
            return EncodableResponse(try await core.lectures.lecturers())
        }
        api.post(
            "/api/v1/lecturers",
            summary: "Add a lecturer {id, name, topics, regions?, availability?:{weekdays, from, to, blocked}, account?} (organiser)",
            returns: "lecturer"
        ) { request, context in
            let actor = try await LearningController.actor(request, core)
            let body = try await request.decode(as: LecturerBody.self, context: context)
            let lecturer = try await core.lectures.addLecturer(
                Lecturer(
                    id: Lecturer.ID(body.id), name: body.name, topics: body.topics, regions: body.regions ?? [],
                    availability: body.availability ?? Availability(), account: body.account.map { Account.ID($0) }),
                actor: actor)
            return EncodableResponse(lecturer)
        }
        api.get(
            "/api/v1/lectures", summary: "Lectures by start with seat counts",
            parameters: [
                .init(name: "region", location: "query", required: false, type: "string", description: "region prefix"),
                .init(name: "from", location: "query", required: false, type: "string", description: "first day YYYY-MM-DD (Beijing)"),
                .init(name: "to", location: "query", required: false, type: "string", description: "last day YYYY-MM-DD (Beijing)"),
            ],
            returns: "[lecture]"
        ) { request, _ in
            let query = request.uri.queryParameters
            let listings = try await core.lectures.list(
                region: query["region"].map(String.init), from: query["from"].map(String.init), to: query["to"].map(String.init))
            return EncodableResponse(listings.map { LectureView($0.lecture, registered: $0.registered, waitlisted: $0.waitlisted) })
        }
        api.post(
            "/api/v1/lectures",
            summary: "Schedule a lecture {id, title, venue, start, end, capacity?, lecturer?, topic?, quiz?, weekly?} (organiser); a double-booking is 409",
            returns: "[lecture]"
        ) { request, context in
            let actor = try await LearningController.actor(request, core)
            let body = try await request.decode(as: NewLectureView.self, context: context)
            let lectures = try await core.lectures.add(
                .init(
                    id: body.id, title: body.title, venue: body.venue, lecturer: body.lecturer, start: try Self.instant(body.start),
                    end: try Self.instant(body.end), capacity: body.capacity, topic: body.topic, quiz: body.quiz, weekly: body.weekly),
                actor: actor)
            return EncodableResponse(lectures.map { LectureView($0) })
        }
        api.get(
            "/api/v1/lectures/:id", summary: "One lecture with its seat list and waitlist in order (organiser)",
            returns: "{…, registered:[account ids], waitlist:[account ids]}"
        ) { request, context in
            let actor = try await LearningController.actor(request, core)
            let detail = try await core.lectures.detail(Lecture.ID(try context.parameters.require("id")), actor: actor)
            var body = LectureView(detail.lecture, registered: detail.roster.registered.count, waitlisted: detail.roster.waitlist.count)
            body.registered = detail.roster.registered.map(\.parent.rawValue)
            body.waitlist = detail.roster.waitlist.map(\.parent.rawValue)
            return EncodableResponse(body)
        }
        api.get("/api/v1/lectures/:id/ics", summary: "One lecture as iCalendar (text/calendar)", returns: "text/calendar") { _, context in
            CalendarResponse(text: try await core.lectures.ics(Lecture.ID(try context.parameters.require("id"))))
        }
        api.post(
            "/api/v1/lectures/:id/register", summary: "Register: the signed-in parent, or {parent} for an organiser",
            returns: "{status: registered|waitlisted, position, code}"
        ) { request, context in
            let actor = try await LearningController.actor(request, core)
            let parent = try await Self.parent(request, context, actor)
            let registration = try await core.lectures.register(Lecture.ID(try context.parameters.require("id")), parent: parent, actor: actor)
            return EncodableResponse(RegistrationView(registration))
        }
        api.post(
            "/api/v1/lectures/:id/cancel", summary: "Cancel a registration (the first of the waitlist moves up)",
            returns: "{status: cancelled, promoted?}"
        ) { request, context in
            let actor = try await LearningController.actor(request, core)
            let parent = try await Self.parent(request, context, actor)
            let result = try await core.lectures.cancel(Lecture.ID(try context.parameters.require("id")), parent: parent, actor: actor)
            var body: [String: Any] = ["status": "cancelled", "parent": parent]
            if let promoted = result.promoted { body["promoted"] = promoted.parent.rawValue }
            return JSON(body)
        }
        api.post("/api/v1/lectures/:id/checkin", summary: "Check in with {code} (organiser); a wrong code is 400, a reused one 409", returns: "registration") {
            request, context in
            let actor = try await LearningController.actor(request, core)
            let body = try await request.decode(as: CodeBody.self, context: context)
            let registration = try await core.lectures.checkIn(Lecture.ID(try context.parameters.require("id")), code: body.code, actor: actor)
            return EncodableResponse(RegistrationView(registration))
        }
        api.get("/api/v1/me/lectures", summary: "The signed-in parent's registrations", returns: "[registration]") { request, _ in
            let actor = try await LearningController.actor(request, core)
            guard case .account(let account) = actor else { throw AccessError.notSignedIn }
            return EncodableResponse(try await core.lectures.registrations(parent: account.id.rawValue, actor: actor).map { RegistrationView($0.0, lecture: $0.1) })
        }
        api.get("/api/v1/me/lectures.ics", summary: "The signed-in parent's lectures as iCalendar", returns: "text/calendar") { request, _ in
            let actor = try await LearningController.actor(request, core)
            guard case .account(let account) = actor else { throw AccessError.notSignedIn }
            return CalendarResponse(text: try await core.lectures.ics(parent: account.id.rawValue, actor: actor))
        }
        api.get("/api/v1/lecture-orders", summary: "Orders (organiser)", returns: "[order]") { request, _ in
            let actor = try await LearningController.actor(request, core)
            return EncodableResponse(try await core.lectures.orders(actor: actor))
        }
        api.post(
            "/api/v1/lecture-orders",
            summary: "Order a lecture {id?, requester, topic, preferred_dates, time?, minutes?, audience, region?} (organiser)", returns: "order"
        ) { request, context in
            let actor = try await LearningController.actor(request, core)
            let body = try await request.decode(as: OrderBody.self, context: context)
            let now = Date()
            let result = try await core.lectures.createOrder(
                LectureOrder(
                    id: LectureOrder.ID(body.id ?? "order-" + Registration.makeCode().lowercased()), requester: body.requester, topic: body.topic,
                    preferredDates: body.preferred_dates, time: body.time ?? "19:00", minutes: body.minutes ?? 90, audience: body.audience,
                    region: body.region ?? "", createdAt: now, updatedAt: now),
                actor: actor)
            return EncodableResponse(result.order)
        }
        api.get("/api/v1/lecture-orders/:id", summary: "One order (organiser)", returns: "order") { request, context in
            let actor = try await LearningController.actor(request, core)
            return EncodableResponse(try await core.lectures.order(LectureOrder.ID(try context.parameters.require("id")), actor: actor))
        }
        api.post(
            "/api/v1/lecture-orders/:id/steps/:step",
            summary: "Move an order on: propose, confirm {lecturer, date?}, accept, decline (the lecturer), schedule {id, venue, title?, capacity?}, cancel",
            returns: "order (schedule: {order, lecture})"
        ) { request, context in
            let actor = try await LearningController.actor(request, core)
            let id = LectureOrder.ID(try context.parameters.require("id"))
            let step = try context.parameters.require("step")
            switch step {
            case "propose": return try EncodableResponse(try await core.lectures.propose(id, actor: actor)).response(from: request, context: context)
            case "confirm":
                let body = try await request.decode(as: ConfirmBody.self, context: context)
                return try EncodableResponse(try await core.lectures.confirm(id, lecturer: body.lecturer, date: body.date, actor: actor))
                    .response(from: request, context: context)
            case "accept", "decline":
                return try EncodableResponse(try await core.lectures.respond(id, accept: step == "accept", actor: actor))
                    .response(from: request, context: context)
            case "cancel": return try EncodableResponse(try await core.lectures.cancelOrder(id, actor: actor)).response(from: request, context: context)
            case "schedule":
                let body = try await request.decode(as: ScheduleBody.self, context: context)
                let result = try await core.lectures.schedule(
                    id, lectureID: body.id, venue: body.venue, title: body.title, capacity: body.capacity, actor: actor)
                return try EncodableResponse(ScheduledBody(order: result.order, lecture: LectureView(result.lecture)))
                    .response(from: request, context: context)
            default:
                throw APIError.badRequest("unknown step '\(step)' (use propose, confirm, accept, decline, schedule, cancel)")
            }
        }
        api.get(
            "/api/v1/reports/lecture-coverage", summary: "Regions and venues without a mental-health lecture in a year (organiser)",
            parameters: [.init(name: "year", location: "query", required: true, type: "integer", description: "1900–2100")],
            returns: "{year, lectures, regions_without, venues_without}"
        ) { request, _ in
            let actor = try await LearningController.actor(request, core)
            guard let year = request.uri.queryParameters["year"].flatMap({ Int(String($0)) }) else { throw APIError.badRequest("give year=YYYY") }
            return EncodableResponse(try await core.lectures.coverage(year: year, actor: actor))
        }
    }

    /// The parent a registration call is for: `{"parent"}` in the body, else the signed-in account.
    static func parent(_ request: Request, _ context: AppRequestContext, _ actor: Actor) async throws -> String {
        if let body = try? await request.decode(as: ParentBody.self, context: context), let parent = body.parent { return parent }
        guard case .account(let account) = actor else { throw AccessError.notSignedIn }
        return account.id.rawValue
    }

    static func instant(_ text: String) throws -> Date {
        guard let date = BeijingTime.parseInstant(text) else {
            throw APIError.badRequest("'\(text)' is not ISO 8601 with a time zone, e.g. 2027-03-06T19:00:00+08:00")
        }
        return date
    }

    struct VenueBody: Decodable {
        var id, name: String
        var capacity: Int
        var region, address, accessibility: String?
    }

    struct LecturerBody: Decodable {
        var id, name: String
        var topics: [String]
        var regions: [String]?
        var availability: Availability?
        var account: String?
    }

    struct NewLectureView: Decodable {
        var id, title, venue, start, end: String
        var capacity: Int?
        var lecturer, topic, quiz: String?
        var weekly: Int?
    }

    struct OrderBody: Decodable {
        var id: String?
        var requester, topic: String
        var preferred_dates: [String]
        var time: String?
        var minutes: Int?
        var audience: Int
        var region: String?
    }

    struct ConfirmBody: Decodable {
        var lecturer: String
        var date: String?
    }

    struct ScheduleBody: Decodable {
        var id, venue: String
        var title: String?
        var capacity: Int?
    }

    struct CodeBody: Decodable {
        var code: String
    }

    struct ParentBody: Decodable {
        var parent: String?
    }

    struct ScheduledBody: Encodable {
        var order: LectureOrder
        var lecture: LectureView
    }

}

/// An iCalendar body.
struct CalendarResponse: ResponseGenerator {
    let text: String

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/calendar; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
