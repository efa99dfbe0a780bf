import App
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OutreachCore
import Testing
import TestSupport
import Web

/// Community lectures over the JSON API: organisers create and order, parents register, cancel and get
/// their calendar; errors are 4xx JSON; every route is in the OpenAPI document.
@Suite struct LectureAPITests {
    private func call(
        _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil, token: String? = nil
    ) async throws -> (HTTPResponse.Status, Any?, String) {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            let text = String(buffer: response.body)
            return (response.status, try? JSONSerialization.jsonObject(with: Data(text.utf8)), text)
        }
    }

    @Test func organisersScheduleAndParentsRegisterThroughTheAPI() async throws {
        let core = try await App.makeForTesting()
        for (id, role) in [("org", "organiser"), ("mom", "parent"), ("dad", "parent"), ("kid", "parent")] {
            _ = try await core.accounts.create(.init(id: id, role: role, region: "浙江杭州", password: "long secret 1"), actor: .localOperator)
        }
        let app = Application(router: try await buildRouter(core: core))
        try await app.test(.router) { client in
            func token(_ id: String) async throws -> String {
                let (_, session, _) = try await call(client, .post, "/api/v1/sessions", #"{"id":"\#(id)","password":"long secret 1"}"#)
                return try #require((session as? [String: Any])?["token"] as? String)
            }
            let org = try await token("org")
            let mom = try await token("mom")
            let dad = try await token("dad")
            // A parent may not add venues; an organiser may
            #expect(try await call(client, .post, "/api/v1/venues", #"{"id":"hall","name":"文化站","capacity":1}"#, token: mom).0 == .forbidden)
            #expect(try await call(client, .post, "/api/v1/venues", #"{"id":"hall","name":"文化站","capacity":1,"region":"浙江杭州"}"#, token: org).0 == .ok)
            let lecture = #"{"id":"l1","title":"考试焦虑","venue":"hall","start":"2027-03-06T19:00:00+08:00","end":"2027-03-06T20:30:00+08:00","capacity":1}"#
            #expect(try await call(client, .post, "/api/v1/lectures", lecture, token: org).0 == .ok)
            // Double-booking is 409 naming the lecture; bad input 400; an unknown lecture 404
            let clash = #"{"id":"l2","title":"x","venue":"hall","start":"2027-03-06T20:00:00+08:00","end":"2027-03-06T21:00:00+08:00"}"#
            let (clashStatus, clashBody, _) = try await call(client, .post, "/api/v1/lectures", clash, token: org)
            #expect(clashStatus == .conflict)
            let message = ((clashBody as? [String: Any])?["error"] as? [String: Any])?["message"] as? String
            #expect(message?.contains("lecture 'l1'") == true)
            let backwards = #"{"id":"l3","title":"x","venue":"hall","start":"2027-03-07T20:00:00+08:00","end":"2027-03-07T19:00:00+08:00"}"#
            #expect(try await call(client, .post, "/api/v1/lectures", backwards, token: org).0 == .badRequest)
            #expect(try await call(client, .post, "/api/v1/lectures/nope/register", token: mom).0 == .notFound)
            // Parents register themselves: a seat, then the waitlist; twice is 409
            let (_, first, _) = try await call(client, .post, "/api/v1/lectures/l1/register", token: mom)
            #expect((first as? [String: Any])?["status"] as? String == "registered")
            let (_, second, _) = try await call(client, .post, "/api/v1/lectures/l1/register", token: dad)
            #expect((second as? [String: Any])?["status"] as? String == "waitlisted" && (second as? [String: Any])?["position"] as? Int == 1)
            #expect(try await call(client, .post, "/api/v1/lectures/l1/register", token: mom).0 == .conflict)
            #expect(try await call(client, .post, "/api/v1/lectures/l1/register", #"{"parent":"kid"}"#, token: mom).0 == .forbidden)
            // Cancelling promotes dad
            let (_, cancelled, _) = try await call(client, .post, "/api/v1/lectures/l1/cancel", token: mom)
            #expect((cancelled as? [String: Any])?["promoted"] as? String == "dad")
            let (_, detail, _) = try await call(client, .get, "/api/v1/lectures/l1", token: org)
            #expect((detail as? [String: Any])?["registered"] as? [String] == ["dad"])
            #expect(try await call(client, .get, "/api/v1/lectures/l1", token: dad).0 == .forbidden)
            // dad's calendar and a wrong check-in code
            let (calendarStatus, _, calendar) = try await call(client, .get, "/api/v1/me/lectures.ics", token: dad)
            #expect(calendarStatus == .ok && calendar.hasPrefix("BEGIN:VCALENDAR\r\n") && calendar.contains("UID:lecture-l1@xinqiao"))
            #expect(try await call(client, .post, "/api/v1/lectures/l1/checkin", #"{"code":"WRONG234"}"#, token: org).0 == .badRequest)
            // An order for a topic nobody covers stays open (409 on propose)
            let order = #"{"id":"o1","requester":"西湖小学","topic":"crisis","preferred_dates":["2027-03-13"],"audience":40}"#
            #expect(try await call(client, .post, "/api/v1/lecture-orders", order, token: org).0 == .ok)
            #expect(try await call(client, .post, "/api/v1/lecture-orders/o1/steps/propose", token: org).0 == .conflict)
            let (_, stored, _) = try await call(client, .get, "/api/v1/lecture-orders/o1", token: org)
            #expect((stored as? [String: Any])?["state"] as? String == "open")
            // An order through its states to a scheduled lecture, the lecturer answering with their own account
            _ = try await core.accounts.create(.init(id: "zhang-account", role: "staff", password: "long secret 1"), actor: .localOperator)
            let lecturer = #"{"id":"zhang","name":"张老师","topics":["exam-stress"],"regions":["浙江"],"account":"zhang-account"}"#
            #expect(try await call(client, .post, "/api/v1/lecturers", lecturer, token: org).0 == .ok)
            #expect(try await call(client, .post, "/api/v1/venues", #"{"id":"school","name":"礼堂","capacity":200}"#, token: org).0 == .ok)
            let exams = #"{"id":"o2","requester":"西湖中学","topic":"exam-stress","preferred_dates":["2027-03-13"],"audience":120,"region":"浙江杭州"}"#
            #expect(try await call(client, .post, "/api/v1/lecture-orders", exams, token: org).0 == .ok)
            let (_, proposed, _) = try await call(client, .post, "/api/v1/lecture-orders/o2/steps/propose", token: org)
            #expect(((proposed as? [String: Any])?["proposals"] as? [[String: Any]])?.first?["lecturer"] as? String == "zhang")
            #expect(try await call(client, .post, "/api/v1/lecture-orders/o2/steps/accept", token: org).0 == .conflict)
            #expect(try await call(client, .post, "/api/v1/lecture-orders/o2/steps/confirm", #"{"lecturer":"zhang"}"#, token: org).0 == .ok)
            let zhang = try await token("zhang-account")
            #expect(try await call(client, .post, "/api/v1/lecture-orders/o2/steps/accept", token: zhang).0 == .ok)
            let (scheduledStatus, scheduled, _) = try await call(
                client, .post, "/api/v1/lecture-orders/o2/steps/schedule", #"{"id":"exam-talk","venue":"school"}"#, token: org)
            #expect(scheduledStatus == .ok)
            #expect(((scheduled as? [String: Any])?["lecture"] as? [String: Any])?["lecturer"] as? String == "zhang")
            let (_, listed, _) = try await call(client, .get, "/api/v1/lectures?from=2027-03-13&to=2027-03-13")
            #expect((listed as? [[String: Any]])?.map { $0["id"] as? String } == ["exam-talk"])
            // Every lecture route is in the OpenAPI document
            let (_, document, _) = try await call(client, .get, "/api/v1/openapi.json")
            let paths = ((document as? [String: Any])?["paths"] as? [String: Any]) ?? [:]
            for path in ["/api/v1/lectures", "/api/v1/venues", "/api/v1/lecturers", "/api/v1/lecture-orders", "/api/v1/me/lectures.ics"] {
                #expect(paths.keys.contains(path), "\(path)")
            }
            #expect(paths.keys.contains { $0.hasPrefix("/api/v1/lectures/") && $0.hasSuffix("/register") })
        }
    }
}
