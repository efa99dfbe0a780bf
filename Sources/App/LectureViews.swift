public import Foundation
public import Lectures
import OutreachCore

/// A lecture as the CLI and the API print it (times in Beijing time with the offset).
public struct LectureView: Encodable, Sendable {
    public var id, title, venue: String
    public var lecturer: String?
    public var start, end: String
    public var capacity: Int
    public var region: String
    public var topic, series, quiz, order: String?
    public var registered_count: Int?
    public var waitlisted_count: Int?
    /// `show`: account ids with a seat, and on the waitlist, in order.
    public var registered, waitlist: [String]?

    public init(_ lecture: Lecture, registered: Int? = nil, waitlisted: Int? = nil) {
        id = lecture.id.rawValue
        title = lecture.title
        venue = lecture.venue.rawValue
        lecturer = lecture.lecturer?.rawValue
        start = BeijingTime.iso(lecture.start)
        end = BeijingTime.iso(lecture.end)
        capacity = lecture.capacity
        region = lecture.region
        topic = lecture.topic
        series = lecture.series
        quiz = lecture.quiz
        order = lecture.order
        registered_count = registered
        waitlisted_count = waitlisted
    }

    public var line: String {
        var seats = "  \(capacity) 座"
        if let taken = registered_count {
            seats = "  \(taken)/\(capacity)"
            if let waiting = waitlisted_count, waiting > 0 { seats += " +\(waiting) 候补" }
        }
        return "\(id)  \(start)  \(title)  @\(venue)\(region.isEmpty ? "" : " \(region)")\(lecturer.map { "  讲师 \($0)" } ?? "")\(seats)"
    }
}

/// A registration as the CLI and the API print it.
public struct RegistrationView: Encodable, Sendable {
    public var lecture, parent, status: String
    public var position: Int?
    public var code: String?
    public var checked_in: Bool
    public var reminded: Bool
    public var title: String?
    public var start: String?

    public init(_ registration: Registration, lecture: Lecture? = nil) {
        self.lecture = registration.lecture.rawValue
        parent = registration.parent.rawValue
        status = registration.status.rawValue
        position = registration.status == .cancelled ? nil : registration.position
        code = registration.status == .cancelled ? nil : registration.code
        checked_in = registration.checkedInAt != nil
        reminded = registration.remindedAt != nil
        title = lecture?.title
        start = lecture.map { BeijingTime.iso($0.start) }
    }

    public var line: String {
        switch status {
        case "registered": "\(parent): registered for \(lecture), seat \(position ?? 0), check-in code \(code ?? "")"
        case "waitlisted": "\(parent): waitlisted for \(lecture), position \(position ?? 0)"
        default: "\(parent): cancelled for \(lecture)"
        }
    }
}
