public import Foundation
import OutreachCore

/// iCalendar (RFC 5545) text for lectures: CRLF line ends, TEXT values escaped (§3.3.11), lines folded
/// at 75 octets without splitting a UTF-8 character (§3.1), times in UTC (`…Z`).
public enum ICalendar {
    /// One event of a calendar.
    public struct Event: Sendable {
        public var lecture: Lecture
        public var venue: Venue?
        public var lecturerName: String?
        /// Extra lines of the description (e.g. the parent's status and check-in code).
        public var note: String?

        public init(lecture: Lecture, venue: Venue?, lecturerName: String? = nil, note: String? = nil) {
            self.lecture = lecture
            self.venue = venue
            self.lecturerName = lecturerName
            self.note = note
        }
    }

    /// A VCALENDAR with one VEVENT per event; `stamp` is the DTSTAMP (when the file was made).
    public static func calendar(_ events: [Event], name: String, stamp: Date) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//XinQiao//Community Lectures//ZH", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:" + escape(name), "X-WR-TIMEZONE:Asia/Shanghai",
        ]
        for event in events {
            let lecture = event.lecture
            var description = [lecture.title]
            if let name = event.lecturerName { description.append("讲师：\(name)") }
            if let accessibility = event.venue?.accessibility, !accessibility.isEmpty { description.append("无障碍：\(accessibility)") }
            if let note = event.note { description.append(note) }
            description.append("心理援助热线 12356｜青少年服务台 12355")
            let location = [event.venue?.name, event.venue?.address].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
            lines += [
                "BEGIN:VEVENT",
                "UID:" + escape("lecture-\(lecture.id.rawValue)@xinqiao"),
                "DTSTAMP:" + utc(stamp),
                "DTSTART:" + utc(lecture.start),
                "DTEND:" + utc(lecture.end),
                "SUMMARY:" + escape(lecture.title),
                "LOCATION:" + escape(location.isEmpty ? lecture.venue.rawValue : location),
                "DESCRIPTION:" + escape(description.joined(separator: "\n")),
                "STATUS:CONFIRMED",
                "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// Escapes a TEXT value: backslash, semicolon, comma and line breaks.
    public static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n", "\r": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    /// `20270306T110000Z`.
    public static func utc(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", p.year ?? 0, p.month ?? 0, p.day ?? 0, p.hour ?? 0, p.minute ?? 0, p.second ?? 0)
    }

    /// Folds a content line into lines of at most 75 octets, continuation lines starting with a space.
    static func fold(_ line: String) -> String {
        var result = ""
        var octets = 0
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if octets + size > 75 {
                result += "\r\n "
                octets = 1
            }
            result.unicodeScalars.append(scalar)
            octets += size
        }
        return result
    }
}
