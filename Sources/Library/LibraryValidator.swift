import OutreachCore
import Learning

/// Checks that hold across files: ids unique across the library, and the references a quiz needs to
/// work (questions, knowledge points) resolve.
///
/// A file that fails is rejected whole; because its items then vanish, files that depend on them are
/// checked again until nothing changes.
public enum LibraryValidator {
    /// An item already stored from a file that this import does not touch.
    public struct StoredItem: Equatable, Sendable {
        public var id: String
        public var kind: ContentKind
        public var fileKey: String
        public init(id: String, kind: ContentKind, fileKey: String) {
            self.id = id
            self.kind = kind
            self.fileKey = fileKey
        }
    }

    /// Adds cross-file errors to `files` (in place) and returns them.
    public static func validate(_ files: inout [ParsedFile], stored: [StoredItem]) {
        let touched = Set(files.map(\.key))
        let others = stored.filter { !touched.contains($0.fileKey) }
        var changed = true
        while changed {
            changed = false
            var owner: [String: (kind: ContentKind, where: String)] = [:]
            for item in others { owner[item.id] = (item.kind, item.fileKey) }
            // Duplicate ids: the first file in key order keeps the id.
            for index in files.indices where files[index].isValid {
                for located in files[index].items {
                    if let first = owner[located.item.id] {
                        files[index].errors.append(
                            ContentError(
                                path: files[index].path, line: located.line,
                                message: "duplicate id '\(located.item.id)' (already used in \(first.where))"))
                        changed = true
                        break
                    }
                }
                if files[index].isValid {
                    for located in files[index].items {
                        owner[located.item.id] = (located.item.kind, files[index].path)
                    }
                }
            }
            func exists(_ id: String, _ kind: ContentKind) -> Bool { owner[id]?.kind == kind }
            for index in files.indices where files[index].isValid {
                if let error = referenceError(in: files[index], exists: exists) {
                    files[index].errors.append(error)
                    changed = true
                }
            }
        }
    }

    private static func referenceError(in file: ParsedFile, exists: (String, ContentKind) -> Bool) -> ContentError? {
        func error(_ line: Int, _ message: String) -> ContentError {
            ContentError(path: file.path, line: line, message: message)
        }
        for located in file.items {
            switch located.item {
            case .question(let question) where !exists(question.knowledgePoint.rawValue, .knowledgePoint):
                return error(located.line, "question \(question.id): unknown knowledge point '\(question.knowledgePoint)'")
            case .quiz(let quiz):
                for id in quiz.questions where !exists(id.rawValue, .question) {
                    return error(located.line, "quiz \(quiz.id): unknown question '\(id)'")
                }
                for draw in quiz.draws where !exists(draw.knowledgePoint.rawValue, .knowledgePoint) {
                    return error(located.line, "quiz \(quiz.id): unknown knowledge point '\(draw.knowledgePoint)'")
                }
            case .lesson(let lesson):
                for id in lesson.knowledgePoints where !exists(id.rawValue, .knowledgePoint) {
                    return error(located.line, "lesson \(lesson.id): unknown knowledge point '\(id)'")
                }
                if !exists(lesson.course.rawValue, .course) {
                    return error(located.line, "lesson \(lesson.id): its course '\(lesson.course)' is not imported")
                }
            case .course(let course):
                for id in [course.pretest, course.posttest].compactMap({ $0 }) where !exists(id.rawValue, .quiz) {
                    return error(located.line, "course \(course.id): unknown quiz '\(id)'")
                }
            default:
                continue
            }
        }
        return nil
    }
}
