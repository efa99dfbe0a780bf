public import Foundation
public import Knowledge

/// Reads `hotlines.yaml` from a content folder: the one list of help lines the chat, the linter and
/// the letters quote.
public enum HotlinesFile {
    /// The lines on file, or the file's first `path:line` error.
    public static func load(contentRoot: String) throws(ContentError) -> [Hotline] {
        let path = (contentRoot as NSString).appendingPathComponent("hotlines.yaml")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ContentError(path: path, line: 1, message: "cannot read the hotlines")
        }
        let parsed = ContentParser.parse(data: data, path: path, key: "Content/hotlines.yaml")
        if let error = parsed.errors.first { throw error }
        return parsed.items.compactMap { located in
            if case .hotline(let line) = located.item { return line }
            return nil
        }
    }
}
