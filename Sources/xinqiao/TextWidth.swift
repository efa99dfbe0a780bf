/// Terminal column widths: Chinese characters, full-width forms and emoji take two columns,
/// combining marks and zero-width joiners none, everything else one.
enum TextWidth {
    /// The columns one user-perceived character takes.
    static func columns(_ character: Character) -> Int {
        var scalars = character.unicodeScalars.makeIterator()
        guard let first = scalars.next() else { return 0 }
        if character.unicodeScalars.contains(where: { $0.properties.isEmojiPresentation || $0.value == 0xFE0F }) {
            return first.properties.isEmoji || first.properties.isEmojiPresentation ? 2 : columns(first)
        }
        return columns(first)
    }

    static func columns(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value == 0 || value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        return isWide(value) ? 2 : 1
    }

    /// East Asian Wide and Fullwidth ranges (Unicode 15, UAX #11), the ones a Chinese parent meets.
    static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3, 0x25FD...0x25FE,
            0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5,
            0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA, 0x26FD, 0x2705, 0x270A...0x270B, 0x2728, 0x274C,
            0x274E, 0x2753...0x2755, 0x2757, 0x2795...0x2797, 0x27B0, 0x27BF, 0x2B1B...0x2B1C, 0x2B50, 0x2B55,
            0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
            0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF, 0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A,
            0x1F200...0x1F251, 0x1F300...0x1F64F, 0x1F680...0x1F6FF, 0x1F7E0...0x1F7EB, 0x1F90C...0x1F9FF,
            0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            true
        default:
            false
        }
    }

    /// The columns a string takes on one line.
    static func columns(_ text: some StringProtocol) -> Int { text.reduce(0) { $0 + columns($1) } }

    /// Characters a line should not start with (Chinese line-breaking rules, 避头点).
    static let noLineStart: Set<Character> = Set("，。、；：？！）》」』】〉”’…,.;:?!)%")

    /// Wraps `text` to `width` columns, counting wide characters as two; a wide character never
    /// splits across lines, closing punctuation never starts one, and existing line breaks stay.
    static func wrap(_ text: String, width: Int) -> [String] {
        let width = max(width, 4)
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line: [Character] = []
            var used = 0
            for character in paragraph {
                let needed = columns(character)
                if used + needed > width, !line.isEmpty {
                    var carried: [Character] = []
                    // Keep closing punctuation with the character before it.
                    if noLineStart.contains(character), let last = line.last, !noLineStart.contains(last), line.count > 1 {
                        carried = [line.removeLast()]
                    } else if character.isASCII, character.isLetter || character.isNumber,
                        let space = line.lastIndex(of: " "), space > line.startIndex, line.count - space < 20
                    {
                        // A Latin word moves down whole when there is a space to break at.
                        carried = Array(line[line.index(after: space)...])
                        line.removeSubrange(space...)
                    }
                    lines.append(String(line))
                    line = carried
                    used = columns(String(carried))
                }
                line.append(character)
                used += needed
            }
            lines.append(String(line))
        }
        return lines
    }
}
