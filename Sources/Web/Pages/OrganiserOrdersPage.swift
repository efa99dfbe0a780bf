import App
import Foundation
import Hummingbird
import Lectures
import OutreachCore

/// Orders (点单) from schools and communities under `/organiser/orders`: the list with the form to
/// record one, and one order with the steps its state allows — propose lecturers, confirm one on a
/// proposed date, record the lecturer's answer, schedule it as a lecture at a venue, or cancel.
struct OrganiserOrdersPage {
    let site: Site

    static let steps: [OrderAction] = [.propose, .confirm, .accept, .decline, .schedule, .cancel]

    func register(on router: Router<AppRequestContext>) {
        router.get("/organiser/orders") { request, context in
            try context.requireRole(.organiser)
            return try await listPage(request, context)
        }
        router.post("/organiser/orders") { request, context in
            let actor = Actor.account(try context.requireRole(.organiser))
            let form = context.form
            guard let audience = form.text("audience").flatMap({ Int($0) }) else {
                return try await listPage(request, context, error: "请填写预计听众人数（整数）。", status: .badRequest)
            }
            guard let minutes = Int(form.text("minutes") ?? "90") else {
                return try await listPage(request, context, error: "时长请填分钟数（整数）。", status: .badRequest)
            }
            let dates = form.values(of: "dates").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let now = site.core.clock.now
            let order = LectureOrder(
                id: LectureOrder.ID(form.text("id") ?? OrganiserController.newID("order")), requester: form["requester"] ?? "",
                topic: form["topic"] ?? "", preferredDates: dates, time: form.text("time") ?? "19:00", minutes: minutes, audience: audience,
                region: form.text("region") ?? "", createdAt: now, updatedAt: now)
            do {
                let (created, covered) = try await site.core.lectures.createOrder(order, actor: actor)
                let flash = "已记录点单。" + (covered ? "下一步：推荐讲师。" : "提醒：目前还没有讲师讲这个主题，请先添加讲师。")
                return try Redirect(to: Self.href(created.id), flash: flash).response(from: request, context: context)
            } catch {
                let (status, message) = try PageText.expected(error, context)
                return try await listPage(request, context, error: message, status: status)
            }
        }
        router.get("/organiser/orders/:id") { request, context in
            try context.requireRole(.organiser)
            return try await orderPage(try context.parameters.require("id"), request, context)
        }
        router.post("/organiser/orders/:id/:step") { request, context in
            let actor = Actor.account(try context.requireRole(.organiser))
            let id = LectureOrder.ID(try context.parameters.require("id"))
            guard let step = OrderAction(rawValue: try context.parameters.require("step")), Self.steps.contains(step) else { throw PageError.notFound() }
            let form = context.form
            let lectures = site.core.lectures
            if step == .cancel, form["confirm"] != "1" {
                return try await orderPage(id.rawValue, request, context, error: "取消后不能恢复。请先勾选“确认取消”，再点取消。", status: .badRequest)
            }
            do {
                let flash: String
                switch step {
                case .propose:
                    let order = try await lectures.propose(id, actor: actor)
                    flash = "已推荐 \(order.proposals.count) 位讲师，请选定一位。"
                case .confirm:
                    let choice = (form["choice"] ?? "").split(separator: "|", maxSplits: 1).map(String.init)
                    guard choice.count == 2 else {
                        return try await orderPage(id.rawValue, request, context, error: "请选择一位讲师和日期。", status: .badRequest)
                    }
                    _ = try await lectures.confirm(id, lecturer: choice[0], date: choice[1], actor: actor)
                    flash = "已选定讲师，请记录讲师的答复。"
                case .accept, .decline:
                    _ = try await lectures.respond(id, accept: step == .accept, actor: actor)
                    flash = step == .accept ? "已记录：讲师接受。下一步：选场地排期。" : "已记录：讲师婉拒。可以重新推荐讲师。"
                case .schedule:
                    guard let venue = form.text("venue") else {
                        return try await orderPage(id.rawValue, request, context, error: "请选择场地。", status: .badRequest)
                    }
                    let capacity = form.text("capacity").map { Int($0) }
                    if capacity == .some(nil) {
                        return try await orderPage(id.rawValue, request, context, error: "名额请填整数（可以不填）。", status: .badRequest)
                    }
                    let (_, lecture) = try await lectures.schedule(
                        id, lectureID: form.text("lecture_id") ?? OrganiserController.newID("lecture"), venue: venue, title: form.text("title"),
                        capacity: capacity ?? nil, actor: actor)
                    return try Redirect(to: OrganiserController.lectureHref(lecture.id), flash: "已排期：讲座「\(lecture.title)」，\(Site.time(lecture.start))。")
                        .response(from: request, context: context)
                case .cancel:
                    _ = try await lectures.cancelOrder(id, actor: actor)
                    flash = "已取消这个点单。"
                }
                return try Redirect(to: Self.href(id), flash: flash).response(from: request, context: context)
            } catch {
                let (status, message) = try PageText.expected(error, context)
                return try await orderPage(id.rawValue, request, context, error: message, status: status)
            }
        }
    }

    // MARK: - Pages

    private func listPage(_ request: Request, _ context: AppRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok) async throws
        -> Response
    {
        let form = context.form
        let orders = try await site.core.lectures.orders(actor: try context.actor())
        var fields = OrganiserController.fields(form)
        if form.pairs.isEmpty { fields = ["time": "19:00", "minutes": "90"] }
        let dates = form.values(of: "dates") + Array(repeating: "", count: 3)
        var values: [String: Any] = [
            "orders": orders.map(Self.row), "hasOrders": !orders.isEmpty, "f": fields,
            "topics": Topic.menu.map { ["value": $0.id, "label": $0.name, "selected": form["topic"] == $0.id] },
            "dates": dates.prefix(3).enumerated().map { ["number": $0.offset + 1, "value": $0.element] },
        ]
        if let error { values["error"] = error }
        return try await site.page("organiser-orders", title: "点单", context, values, status: status, path: "/organiser/orders")
    }

    private func orderPage(
        _ id: String, _ request: Request, _ context: AppRequestContext, error: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let order = try await site.core.lectures.order(LectureOrder.ID(id), actor: try context.actor())
        let base = Self.href(order.id)
        let lecturers = Dictionary(uniqueKeysWithValues: try await site.core.lectures.lecturers().map { ($0.id, $0.name) })
        let can: (OrderAction) -> Bool = { (try? order.next($0)) != nil }
        let venues = try await site.core.lectures.venues()
        var values: [String: Any] = [
            "id": order.id.rawValue, "requester": order.requester, "topic": Topic.find(order.topic)?.name ?? order.topic,
            "dates": order.preferredDates.joined(separator: "、"), "time": order.time, "minutes": order.minutes, "audience": order.audience,
            "region": order.region.isEmpty ? "—" : order.region, "state": PageText.state(order.state),
            "lecturer": order.lecturer.map { lecturers[$0] ?? $0.rawValue } ?? "", "hasLecturer": order.lecturer != nil, "date": order.date ?? "",
            "declined": order.declinedBy.map { lecturers[$0] ?? $0.rawValue }.joined(separator: "、"), "hasDeclined": !order.declinedBy.isEmpty,
            "proposals": order.proposals.map { proposal -> [String: Any] in
                [
                    "name": proposal.name, "regionMatch": proposal.regionMatch,
                    "choices": proposal.dates.map { ["value": "\(proposal.lecturer.rawValue)|\($0)", "date": $0, "name": proposal.name] },
                ]
            },
            "hasProposals": !order.proposals.isEmpty,
            "canPropose": can(.propose), "proposeAction": "\(base)/propose", "canConfirm": can(.confirm) && !order.proposals.isEmpty,
            "confirmAction": "\(base)/confirm", "canRespond": can(.accept), "acceptAction": "\(base)/accept", "declineAction": "\(base)/decline",
            "canSchedule": can(.schedule), "scheduleAction": "\(base)/schedule", "canCancel": can(.cancel), "cancelAction": "\(base)/cancel",
            "venues": venues.map { ["value": $0.id.rawValue, "label": "\($0.name)（\($0.capacity) 座）"] }, "hasVenues": !venues.isEmpty,
            "f": OrganiserController.fields(context.form),
        ]
        if let lecture = order.lecture { values["lectureHref"] = OrganiserController.lectureHref(lecture) }
        if let error { values["error"] = error }
        return try await site.page("organiser-order", title: "点单 \(order.id.rawValue)", context, values, status: status, path: base)
    }

    // MARK: - Helpers

    static func row(_ order: LectureOrder) -> [String: Any] {
        [
            "href": href(order.id), "id": order.id.rawValue, "requester": order.requester, "topic": Topic.find(order.topic)?.name ?? order.topic,
            "dates": order.preferredDates.joined(separator: "、"), "audience": order.audience, "region": order.region.isEmpty ? "—" : order.region,
            "state": PageText.state(order.state),
        ]
    }

    static func href(_ id: LectureOrder.ID) -> String { "/organiser/orders/" + Site.segment(id.rawValue) }
}
