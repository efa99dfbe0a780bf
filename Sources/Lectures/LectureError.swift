/// A lecture request that cannot be carried out. Messages are lowercase, one line, and say what to do.
public enum LectureError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidID(kind: String, String)
    case emptyName(kind: String)
    case invalidCapacity(Int)
    case capacityExceedsVenue(capacity: Int, venue: String, seats: Int)
    case endBeforeStart(start: String, end: String)
    case tooLong(String, String)
    case invalidDate(String)
    case invalidLength(Int)
    case invalidCount(Int)
    case invalidAvailability(String)
    case noTopics
    case noPreferredDates
    case unknownTopic(String)
    case unknownVenue(String)
    case unknownLecturer(String)
    case unknownLecture(String)
    case unknownOrder(String)
    case unknownParent(String)
    case unknownQuiz(String)
    case noQuizLinked(String)
    case notAParent(String)
    case duplicate(kind: String, String)
    case conflict(lecture: String, resource: String, with: String, at: String)
    case lecturerUnavailable(lecturer: String, when: String, availability: String)
    case lecturerLacksTopic(lecturer: String, topic: String)
    case alreadyRegistered(lecture: String, parent: String, status: RegistrationStatus)
    case notRegistered(lecture: String, parent: String)
    case registrationClosed(lecture: String, start: String)
    case wrongCode(lecture: String)
    case codeUsed(lecture: String, at: String)
    case notOnWaitlistToCheckIn(lecture: String, parent: String)
    case noLecturerForTopic(String)
    case noAvailableLecturer(topic: String, region: String)
    case notProposed(lecturer: String, order: String)
    case invalidTransition(order: String, from: OrderState, action: OrderAction)
    case notTheLecturer(account: String, order: String)

    public var description: String {
        switch self {
        case .invalidID(let kind, let id): "\(kind) id '\(id)' must be 1–64 letters, digits, - _ . or @"
        case .emptyName(let kind): "the \(kind) needs a name (or title)"
        case .invalidCapacity(let n): "capacity must be a positive number of seats, not \(n)"
        case .capacityExceedsVenue(let capacity, let venue, let seats): "capacity \(capacity) is more than the \(seats) seats of venue '\(venue)'"
        case .endBeforeStart(let start, let end): "the end (\(end)) must be after the start (\(start))"
        case .tooLong(let start, let end): "a lecture from \(start) to \(end) is longer than a day: add a series instead (--repeat weekly)"
        case .invalidDate(let text): "'\(text)' is not a date (YYYY-MM-DD), a time (HH:mm) or an ISO 8601 instant with a time zone"
        case .invalidLength(let minutes): "a session of \(minutes) minutes is not 15–480 minutes within one day"
        case .invalidCount(let n): "a weekly series has 1–52 sessions, not \(n)"
        case .invalidAvailability(let why): "availability: \(why)"
        case .noTopics: "a lecturer needs at least one topic (see `xinqiao lecture topics`)"
        case .noPreferredDates: "an order needs at least one preferred date (--dates 2027-03-06,2027-03-13)"
        case .unknownTopic(let id): "unknown topic '\(id)' (menu: \(Topic.menu.map(\.id).joined(separator: ", ")))"
        case .unknownVenue(let id): "no venue '\(id)' (add it with `xinqiao lecture venue add`)"
        case .unknownLecturer(let id): "no lecturer '\(id)' (add it with `xinqiao lecture lecturer add`)"
        case .unknownLecture(let id): "no lecture '\(id)'"
        case .unknownOrder(let id): "no order '\(id)'"
        case .unknownParent(let id): "no account '\(id)'"
        case .unknownQuiz(let id): "no quiz '\(id)' (import Lessons/ first)"
        case .noQuizLinked(let id): "lecture '\(id)' has no post-lecture quiz (link one with `xinqiao lecture link-quiz \(id) --quiz Q`)"
        case .notAParent(let id): "account '\(id)' is not a parent account"
        case .duplicate(let kind, let id): "\(kind) '\(id)' already exists"
        case .conflict(let lecture, let resource, let other, let at):
            "\(lecture) would double-book \(resource): lecture '\(other)' is there \(at)"
        case .lecturerUnavailable(let lecturer, let when, let availability):
            "lecturer '\(lecturer)' is not available \(when) (available \(availability))"
        case .lecturerLacksTopic(let lecturer, let topic): "lecturer '\(lecturer)' does not cover topic '\(topic)'"
        case .alreadyRegistered(let lecture, let parent, let status): "\(parent) is already \(status.rawValue) for \(lecture)"
        case .notRegistered(let lecture, let parent): "\(parent) is not registered for \(lecture)"
        case .registrationClosed(let lecture, let start): "\(lecture) started at \(start): registration and cancellation are closed"
        case .wrongCode(let lecture): "that check-in code is not valid for \(lecture)"
        case .codeUsed(let lecture, let at): "that check-in code for \(lecture) was already used at \(at)"
        case .notOnWaitlistToCheckIn(let lecture, let parent): "\(parent) is on the waitlist of \(lecture), not registered: no seat to check in to"
        case .noLecturerForTopic(let topic):
            "no lecturer covers topic '\(topic)': the order stays open (add one with `xinqiao lecture lecturer add --topics \(topic)`)"
        case .noAvailableLecturer(let topic, let region):
            "no lecturer for '\(topic)' serves \(region.isEmpty ? "this region" : region) on a preferred date: the order stays open (offer other dates)"
        case .notProposed(let lecturer, let order): "lecturer '\(lecturer)' was not proposed on that date for order '\(order)' (see `xinqiao lecture order show \(order)`)"
        case .invalidTransition(let order, let state, let action):
            "order '\(order)' is \(state.rawValue) and cannot be \(action.pastTense) (open → proposed → confirmed → accepted | declined → scheduled)"
        case .notTheLecturer(let account, let order): "\(account) is not the lecturer confirmed for order '\(order)'"
        }
    }
}

extension OrderAction {
    var pastTense: String {
        switch self {
        case .propose: "proposed"
        case .confirm: "confirmed"
        case .accept: "accepted"
        case .decline: "declined"
        case .schedule: "scheduled"
        case .cancel: "cancelled"
        }
    }
}
