public import Foundation

/// Finds content files under the paths given to `xinqiao import`.
public enum LibraryScanner {
    /// One file to import.
    public struct File: Equatable, Sendable {
        /// The path as found (relative when the root was relative), for messages.
        public var path: String
        /// The stable key: the path from the nearest `Content` or `Lessons` folder on (`Content/faq/x.md`),
        /// else the path itself. Two copies of the library map to the same keys.
        public var key: String
    }

    /// A root that was given: the files found under it, and the key prefix whose other files are retired.
    public struct Root: Equatable, Sendable {
        public var files: [File]
        /// Set for directories: stored files under this key prefix that were not found are retired.
        public var retirePrefix: String?
    }

    /// Scans each root (a directory, walked recursively, or a single file), skipping hidden entries.
    public static func scan(_ roots: [String]) throws(ScanError) -> [Root] {
        var result: [Root] = []
        let manager = FileManager.default
        for root in roots {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: root, isDirectory: &isDirectory) else { throw .notFound(root) }
            if !isDirectory.boolValue {
                result.append(Root(files: [File(path: root, key: key(for: root))], retirePrefix: nil))
                continue
            }
            guard let enumerator = manager.enumerator(atPath: root) else { throw .notFound(root) }
            var files: [File] = []
            while let relative = enumerator.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".") {
                    enumerator.skipDescendants()
                    continue
                }
                let path = (root as NSString).appendingPathComponent(relative)
                var childIsDirectory: ObjCBool = false
                manager.fileExists(atPath: path, isDirectory: &childIsDirectory)
                if childIsDirectory.boolValue { continue }
                guard name.hasSuffix(".md") || name.hasSuffix(".yaml") || name.hasSuffix(".yml") else { continue }
                if ContentParser.location(of: path) == .ignored { continue }
                files.append(File(path: path, key: key(for: path)))
            }
            files.sort { $0.key < $1.key }
            let prefix = key(for: root.hasSuffix("/") ? root : root + "/")
            result.append(Root(files: files, retirePrefix: prefix))
        }
        return result
    }

    /// The library key of a path.
    public static func key(for path: String) -> String {
        let standardized = (path as NSString).standardizingPath + (path.hasSuffix("/") ? "/" : "")
        let parts = standardized.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if let index = parts.lastIndex(where: { $0 == "Content" || $0 == "Lessons" }) {
            return parts[index...].joined(separator: "/")
        }
        return standardized
    }
}

/// A path given to the scanner that cannot be read.
public enum ScanError: Error, Equatable, Sendable, CustomStringConvertible {
    case notFound(String)

    public var description: String {
        switch self {
        case .notFound(let path): "\(path): no such file or directory"
        }
    }
}
