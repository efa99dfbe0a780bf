import OutreachCore
import Yams

/// Typed, line-aware access to one YAML mapping, with unknown-key detection.
///
/// Every getter records the key it reads; `finish()` then reports any key nobody asked for, so a typo
/// such as `ack_requried` is an error instead of a silently ignored field.
struct Fields {
    let mapping: Node.Mapping
    /// Added to Yams' 1-based line numbers (the front matter starts on line 2 of a Markdown file).
    let lineOffset: Int
    let line: Int
    private var used: Set<String> = []

    init(_ node: Node, lineOffset: Int, what: String) throws(FieldError) {
        let line = (node.mark?.line ?? 1) + lineOffset
        guard let mapping = node.mapping else {
            throw FieldError(line: line, message: "\(what) must be a mapping of key: value")
        }
        self.mapping = mapping
        self.lineOffset = lineOffset
        self.line = line
    }

    private func lineOf(_ node: Node) -> Int { (node.mark?.line ?? 0) + lineOffset }

    private mutating func node(_ key: String) -> Node? {
        used.insert(key)
        guard let value = mapping[key] else { return nil }
        if case .scalar(let scalar) = value, scalar.tag.rawValue == Tag.Name.null.rawValue || scalar.string == "~" {
            return nil
        }
        if case .scalar(let scalar) = value, scalar.string.isEmpty, scalar.style == .plain { return nil }
        return value
    }

    private func required<T>(_ value: T?, _ key: String) throws(FieldError) -> T {
        guard let value else { throw FieldError(line: line, message: "missing required field '\(key)'") }
        return value
    }

    // MARK: - Scalars

    mutating func optionalString(_ key: String) throws(FieldError) -> String? {
        guard let value = node(key) else { return nil }
        guard let scalar = value.scalar else {
            throw FieldError(line: lineOf(value), message: "'\(key)' must be text, not a list or mapping")
        }
        let text = scalar.string.trimmingWhitespace
        return text.isEmpty ? nil : text
    }

    mutating func string(_ key: String) throws(FieldError) -> String {
        try required(try optionalString(key), key)
    }

    mutating func optionalInt(_ key: String, in range: ClosedRange<Int>) throws(FieldError) -> Int? {
        guard let value = node(key) else { return nil }
        guard let scalar = value.scalar, let number = Int(scalar.string) else {
            throw FieldError(line: lineOf(value), message: "'\(key)' must be a whole number")
        }
        guard range.contains(number) else {
            throw FieldError(
                line: lineOf(value),
                message: "'\(key)' must be between \(range.lowerBound) and \(range.upperBound), got \(number)")
        }
        return number
    }

    mutating func int(_ key: String, in range: ClosedRange<Int>) throws(FieldError) -> Int {
        try required(try optionalInt(key, in: range), key)
    }

    mutating func bool(_ key: String) throws(FieldError) -> Bool {
        try required(try optionalBool(key), key)
    }

    mutating func optionalBool(_ key: String) throws(FieldError) -> Bool? {
        guard let value = node(key) else { return nil }
        switch value.scalar?.string.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default: throw FieldError(line: lineOf(value), message: "'\(key)' must be true or false")
        }
    }

    mutating func id<Owner>(_ key: String, as: Owner.Type = Owner.self) throws(FieldError) -> Identifier<Owner> {
        let value = try string(key)
        try Self.checkSlug(value, key: key, line: lineOf(mapping[key]!))
        return Identifier(value)
    }

    mutating func optionalID<Owner>(_ key: String, as: Owner.Type = Owner.self) throws(FieldError) -> Identifier<Owner>? {
        guard let value = try optionalString(key) else { return nil }
        try Self.checkSlug(value, key: key, line: lineOf(mapping[key]!))
        return Identifier(value)
    }

    static func checkSlug(_ value: String, key: String, line: Int) throws(FieldError) {
        guard Identifier<Void>.isValidSlug(value) else {
            throw FieldError(
                line: line,
                message: "'\(key)' value '\(value)' is not a valid id (lowercase letters, digits and '-')")
        }
    }

    /// A `YYYY-MM-DD` date.
    mutating func date(_ key: String) throws(FieldError) -> String {
        let value = try string(key)
        guard Self.isISODate(value) else {
            throw FieldError(line: lineOf(mapping[key]!), message: "'\(key)' must be a date YYYY-MM-DD, got '\(value)'")
        }
        return value
    }

    static func isISODate(_ value: String) -> Bool {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1900...2100).contains(year), (1...12).contains(month)
        else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }

    // MARK: - Lists and mappings

    /// The nodes of a list; absent means empty unless `required`.
    mutating func list(_ key: String, required isRequired: Bool) throws(FieldError) -> [Node] {
        guard let value = node(key) else {
            if isRequired, mapping[key] == nil { throw FieldError(line: line, message: "missing required field '\(key)'") }
            return []
        }
        guard let sequence = value.sequence else {
            throw FieldError(line: lineOf(value), message: "'\(key)' must be a list (- item, or [a, b])")
        }
        return Array(sequence)
    }

    mutating func stringList(_ key: String, required isRequired: Bool = false) throws(FieldError) -> [String] {
        let nodes = try list(key, required: isRequired)
        var result: [String] = []
        for node in nodes {
            guard let text = node.scalar?.string.trimmingWhitespace, !text.isEmpty else {
                throw FieldError(line: lineOf(node), message: "'\(key)' must be a list of non-empty texts")
            }
            result.append(text)
        }
        return result
    }

    mutating func idList<Owner>(_ key: String, required isRequired: Bool = false, as: Owner.Type = Owner.self)
        throws(FieldError) -> [Identifier<Owner>]
    {
        let nodes = try list(key, required: isRequired)
        var result: [Identifier<Owner>] = []
        for node in nodes {
            let text = node.scalar?.string.trimmingWhitespace ?? ""
            try Self.checkSlug(text, key: key, line: lineOf(node))
            result.append(Identifier(text))
        }
        return result
    }

    mutating func stages(_ key: String, required isRequired: Bool) throws(FieldError) -> [Stage] {
        let nodes = try list(key, required: isRequired)
        var result: [Stage] = []
        for node in nodes {
            let text = node.scalar?.string ?? ""
            guard let stage = Stage(rawValue: text) else {
                let names = Stage.allCases.map(\.rawValue).joined(separator: ", ")
                throw FieldError(line: lineOf(node), message: "unknown stage '\(text)' (use \(names))")
            }
            result.append(stage)
        }
        return result
    }

    mutating func intList(_ key: String, in range: ClosedRange<Int>) throws(FieldError) -> [Int] {
        let nodes = try list(key, required: false)
        var result: [Int] = []
        for node in nodes {
            guard let number = node.scalar.flatMap({ Int($0.string) }), range.contains(number) else {
                throw FieldError(
                    line: lineOf(node),
                    message: "'\(key)' must be whole numbers between \(range.lowerBound) and \(range.upperBound)")
            }
            result.append(number)
        }
        return result
    }

    /// A nested mapping, read with its own `Fields`.
    mutating func nested(_ key: String) throws(FieldError) -> Fields? {
        guard let value = node(key) else { return nil }
        return try Fields(value, lineOffset: lineOffset, what: "'\(key)'")
    }

    /// Line of a list element, for messages.
    func line(of node: Node) -> Int { lineOf(node) }

    /// Reports keys that no getter asked for.
    func finish() throws(FieldError) {
        for (keyNode, _) in mapping {
            let key = keyNode.scalar?.string ?? "?"
            if !used.contains(key) {
                let known = used.sorted().joined(separator: ", ")
                throw FieldError(line: lineOf(keyNode), message: "unknown field '\(key)' (known: \(known))")
            }
        }
    }
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
