import Foundation
public import OutreachCore

/// Double-booking rules and lecturer proposals: pure functions over values the store loaded.
public enum Scheduling {
    /// The first double-booking among `sessions` (a new lecture or a whole series) and against
    /// `existing` lectures: the same venue or the same lecturer at overlapping times. Sessions of the
    /// series are checked against each other too.
    public static func firstConflict(of sessions: [Lecture], with existing: [Lecture]) -> LectureError? {
        for (index, session) in sessions.enumerated() {
            for other in existing + sessions[..<index] where other.id != session.id && session.overlaps(other) {
                if other.venue == session.venue {
                    return .conflict(lecture: session.id.rawValue, resource: "venue '\(session.venue)'", with: other.id.rawValue, at: span(other))
                }
                if let lecturer = session.lecturer, other.lecturer == lecturer {
                    return .conflict(lecture: session.id.rawValue, resource: "lecturer '\(lecturer)'", with: other.id.rawValue, at: span(other))
                }
            }
        }
        return nil
    }

    /// `2027-03-06 19:00–20:30` for a lecture.
    public static func span(_ lecture: Lecture) -> String {
        let end = BeijingTime.text(lecture.end)
        let sameDay = BeijingTime.day(lecture.end) == BeijingTime.day(lecture.start)
        return BeijingTime.text(lecture.start) + "–" + (sameDay ? String(end.suffix(5)) : end)
    }

    /// Lecturers for an order: those covering its topic, serving its region, not declined before, with
    /// the preferred days on which their availability allows the session and `busy` (their booked
    /// lectures) does not clash. Best first: a named region before serving everywhere, more days
    /// first, then by id. Throws `noLecturerForTopic` when nobody covers the topic at all, and
    /// `noAvailableLecturer` when somebody does but not there or then.
    public static func propose(for order: LectureOrder, lecturers: [Lecturer], busy: [Lecturer.ID: [Lecture]]) throws(LectureError) -> [Proposal] {
        let covering = lecturers.filter { $0.topics.contains(order.topic) }
        guard !covering.isEmpty else { throw .noLecturerForTopic(order.topic) }
        var proposals: [Proposal] = []
        for lecturer in covering where lecturer.serves(order.region) && !order.declinedBy.contains(lecturer.id) {
            let days = order.preferredDates.filter { day in
                guard let slot = order.slot(on: day), lecturer.availability.allows(start: slot.start, end: slot.end) else { return false }
                return !(busy[lecturer.id] ?? []).contains { $0.start < slot.end && slot.start < $0.end }
            }
            guard !days.isEmpty else { continue }
            let named = lecturer.regions.contains { order.region.hasPrefix($0) || $0.hasPrefix(order.region) }
            proposals.append(Proposal(lecturer: lecturer.id, name: lecturer.name, dates: days, regionMatch: named && !order.region.isEmpty))
        }
        guard !proposals.isEmpty else { throw .noAvailableLecturer(topic: order.topic, region: order.region) }
        return proposals.sorted {
            if $0.regionMatch != $1.regionMatch { return $0.regionMatch }
            if $0.dates.count != $1.dates.count { return $0.dates.count > $1.dates.count }
            return $0.lecturer < $1.lecturer
        }
    }
}
