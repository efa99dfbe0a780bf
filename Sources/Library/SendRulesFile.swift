public import Campaigns
public import Foundation
import Yams

/// Reads `Content/calendar/send-rules.yaml`: quiet hours, exam sessions without sends, and what to do
/// when two letters fall on one day.
public enum SendRulesFile {
    /// Parses the file; problems are `path:line: message`.
    public static func parse(data: Data, path: String) throws(ContentError) -> SendRules {
        guard let text = String(data: data, encoding: .utf8) else {
            throw ContentError(path: path, line: 1, message: "file is not valid UTF-8")
        }
        do {
            guard let root = try Yams.compose(yaml: text) else { return SendRules() }
            var top = try Fields(root, lineOffset: 0, what: "send-rules.yaml")
            var rules = SendRules(blackouts: [])
            if var quiet = try top.nested("quiet_hours") {
                rules.quietFrom = try quiet.int("from", in: 12...24)
                rules.quietUntil = try quiet.int("until", in: 0...12)
                try quiet.finish()
            }
            for node in try top.list("blackouts", required: false) {
                var fields = try Fields(node, lineOffset: 0, what: "each blackout")
                let event = try fields.string("event")
                var sessions: [Range<Int>] = []
                for session in try fields.stringList("sessions", required: true) {
                    guard let range = minutes(session) else {
                        throw FieldError(line: fields.line, message: "session '\(session)' is not HH:MM-HH:MM with start before end")
                    }
                    sessions.append(range)
                }
                rules.blackouts.append(.init(event: event, sessions: sessions))
                try fields.finish()
            }
            if let collision = try top.optionalString("collision") {
                guard let value = SendRules.Collision(rawValue: collision) else {
                    throw FieldError(line: top.line, message: "collision must be 'stagger' or 'merge', not '\(collision)'")
                }
                rules.collision = value
            }
            try top.finish()
            return rules
        } catch let error as FieldError {
            throw ContentError(path: path, line: error.line, message: error.message)
        } catch {
            throw ContentError(path: path, line: 1, message: "invalid YAML")
        }
    }

    /// `09:00-11:30` as minutes after midnight.
    static func minutes(_ text: String) -> Range<Int>? {
        let parts = text.split(separator: "-").map { $0.split(separator: ":").compactMap { Int($0) } }
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && (0...23).contains($0[0]) && (0...59).contains($0[1]) }) else { return nil }
        let start = parts[0][0] * 60 + parts[0][1]
        let end = parts[1][0] * 60 + parts[1][1]
        return start < end ? start..<end : nil
    }
}
