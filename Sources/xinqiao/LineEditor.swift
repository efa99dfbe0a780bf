import Foundation

/// What reading one line gave.
enum ConsoleInput: Equatable {
    case line(String)
    /// Ctrl-C: the line typed so far is dropped.
    case interrupt
    /// Ctrl-D on an empty line, or the end of input.
    case end
}

/// A small line editor for a terminal: typing anywhere in the line, ←/→, Home/End (Ctrl-A/E),
/// Backspace/Delete, Ctrl-U/K/W, ↑/↓ history, Ctrl-L, Ctrl-C and Ctrl-D. Lines longer than the
/// terminal wrap, and Chinese characters and emoji count as two columns, so the cursor stays on the
/// character it is at. Invalid UTF-8 typed or pasted becomes U+FFFD instead of ending the session.
final class LineEditor {
    private let input: Int32
    private let output: Int32
    private var history: [String] = []
    private var pending: [UInt8] = []

    init(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO) {
        self.input = input
        self.output = output
    }

    /// Reads one line with editing; the terminal is in raw mode only while reading.
    func readLine(prompt: String) -> ConsoleInput {
        guard let saved = enterRawMode() else { return .end }
        defer { var original = saved; tcsetattr(input, TCSAFLUSH, &original) }
        var state = EditState(prompt: prompt, width: terminalWidth())
        var historyIndex = history.count
        var draft: [Character] = []
        emit(state.refresh())
        while true {
            guard let key = readKey() else {
                emit(state.finish())
                return state.buffer.isEmpty ? .end : .line(String(state.buffer))
            }
            switch key {
            case .enter:
                emit(state.finish())
                let line = String(state.buffer)
                if !line.trimmingCharacters(in: .whitespaces).isEmpty, history.last != line { history.append(line) }
                if history.count > 200 { history.removeFirst(history.count - 200) }
                return .line(line)
            case .interrupt:
                emit(state.finish(marker: "^C"))
                return .interrupt
            case .endOfInput:
                if state.buffer.isEmpty {
                    emit(state.finish())
                    return .end
                }
                state.deleteForward()
            case .character(let character): state.insert(character)
            case .backspace: state.deleteBackward()
            case .delete: state.deleteForward()
            case .left: state.cursor = max(0, state.cursor - 1)
            case .right: state.cursor = min(state.buffer.count, state.cursor + 1)
            case .home: state.cursor = 0
            case .end: state.cursor = state.buffer.count
            case .killToStart:
                state.buffer.removeSubrange(0..<state.cursor)
                state.cursor = 0
            case .killToEnd: state.buffer.removeSubrange(state.cursor...)
            case .deleteWord: state.deleteWordBackward()
            case .clearScreen:
                emit(Array("\u{1B}[H\u{1B}[2J".utf8))
                state.cursorRow = 0
            case .up, .down:
                if historyIndex == history.count { draft = state.buffer }
                historyIndex = key == .up ? max(0, historyIndex - 1) : min(history.count, historyIndex + 1)
                state.buffer = historyIndex == history.count ? draft : Array(history[historyIndex])
                state.cursor = state.buffer.count
            case .ignored: continue
            }
            state.width = terminalWidth()
            emit(state.refresh())
        }
    }

    // MARK: - Keys

    enum Key: Equatable {
        case character(Character)
        case enter, interrupt, endOfInput, backspace, delete, left, right, home, end, up, down
        case killToStart, killToEnd, deleteWord, clearScreen, ignored
    }

    private func readByte() -> UInt8? {
        if !pending.isEmpty { return pending.removeFirst() }
        var byte: UInt8 = 0
        while true {
            let count = read(input, &byte, 1)
            if count == 1 { return byte }
            if count < 0 && errno == EINTR { continue }
            return nil
        }
    }

    private func readKey() -> Key? {
        guard let byte = readByte() else { return nil }
        switch byte {
        case 0x0D, 0x0A: return .enter
        case 0x03: return .interrupt
        case 0x04: return .endOfInput
        case 0x7F, 0x08: return .backspace
        case 0x01: return .home
        case 0x05: return .end
        case 0x02: return .left
        case 0x06: return .right
        case 0x0B: return .killToEnd
        case 0x0C: return .clearScreen
        case 0x0E: return .down
        case 0x10: return .up
        case 0x15: return .killToStart
        case 0x17: return .deleteWord
        case 0x1B: return readEscape()
        case 0x09: return .character(" ")
        case 0x00..<0x20: return .ignored
        default: return .character(readCharacter(first: byte))
        }
    }

    /// ESC [ A … sequences (and ESC O H / F); anything else is ignored.
    private func readEscape() -> Key {
        guard let second = readByte() else { return .ignored }
        guard second == UInt8(ascii: "[") || second == UInt8(ascii: "O") else { return .ignored }
        var parameter: [UInt8] = []
        while let byte = readByte() {
            if (0x40...0x7E).contains(byte) {
                switch (byte, String(decoding: parameter, as: UTF8.self)) {
                case (UInt8(ascii: "A"), _): return .up
                case (UInt8(ascii: "B"), _): return .down
                case (UInt8(ascii: "C"), _): return .right
                case (UInt8(ascii: "D"), _): return .left
                case (UInt8(ascii: "H"), _): return .home
                case (UInt8(ascii: "F"), _): return .end
                case (UInt8(ascii: "~"), "1"), (UInt8(ascii: "~"), "7"): return .home
                case (UInt8(ascii: "~"), "4"), (UInt8(ascii: "~"), "8"): return .end
                case (UInt8(ascii: "~"), "3"): return .delete
                default: return .ignored
                }
            }
            parameter.append(byte)
            if parameter.count > 8 { return .ignored }
        }
        return .ignored
    }

    /// One UTF-8 character starting with `first`; a broken sequence gives U+FFFD and the stray
    /// byte is read again as the start of the next key.
    private func readCharacter(first: UInt8) -> Character {
        let length: Int
        switch first {
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        case 0x20..<0x80: return Character(Unicode.Scalar(first))
        default: return "\u{FFFD}"
        }
        var bytes = [first]
        while bytes.count < length {
            guard let next = readByte() else { return "\u{FFFD}" }
            guard next & 0xC0 == 0x80 else {
                pending.insert(next, at: 0)
                return "\u{FFFD}"
            }
            bytes.append(next)
        }
        guard let text = String(validating: bytes, as: UTF8.self), let character = text.first else { return "\u{FFFD}" }
        return character
    }

    // MARK: - Terminal

    private func enterRawMode() -> termios? {
        var original = termios()
        guard tcgetattr(input, &original) == 0 else { return nil }
        var raw = original
        raw.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        raw.c_cflag |= tcflag_t(CS8)
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(input, TCSAFLUSH, &raw) == 0 else { return nil }
        return original
    }

    private func terminalWidth() -> Int { Terminal.columns(of: output) }

    private func emit(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { Terminal.writeAll(output, $0) }
    }
}

/// The line being edited and how it lies on the screen; pure, so tests can check the layout.
struct EditState {
    var prompt: String
    var width: Int
    var buffer: [Character] = []
    var cursor = 0
    /// The screen row (from the prompt's row) the cursor was left on by the last refresh.
    var cursorRow = 0

    init(prompt: String, width: Int) {
        self.prompt = prompt
        self.width = max(width, 8)
    }

    mutating func insert(_ character: Character) {
        buffer.insert(character, at: cursor)
        cursor += 1
    }

    mutating func deleteBackward() {
        guard cursor > 0 else { return }
        buffer.remove(at: cursor - 1)
        cursor -= 1
    }

    mutating func deleteForward() {
        guard cursor < buffer.count else { return }
        buffer.remove(at: cursor)
    }

    mutating func deleteWordBackward() {
        var start = cursor
        while start > 0, buffer[start - 1] == " " { start -= 1 }
        while start > 0, buffer[start - 1] != " " { start -= 1 }
        buffer.removeSubrange(start..<cursor)
        cursor = start
    }

    /// Row and column of each character, of the end, for the prompt plus the buffer. A wide
    /// character that does not fit at the end of a row goes to the next one, as terminals do.
    func layout() -> (positions: [(row: Int, column: Int)], end: (row: Int, column: Int)) {
        var row = 0
        var column = 0
        for character in prompt {
            let columns = TextWidth.columns(character)
            if column + columns > width { row += 1; column = 0 }
            column += columns
        }
        var positions: [(row: Int, column: Int)] = []
        positions.reserveCapacity(buffer.count)
        for character in buffer {
            let columns = TextWidth.columns(character)
            if column + columns > width { row += 1; column = 0 }
            positions.append((row, column))
            column += columns
        }
        if column >= width { row += 1; column = 0 }
        return (positions, (row, column))
    }

    /// The bytes that redraw prompt and line and put the cursor in place.
    mutating func refresh() -> [UInt8] {
        var out = ""
        if cursorRow > 0 { out += "\u{1B}[\(cursorRow)A" }
        out += "\r\u{1B}[J" + prompt + String(buffer)
        let (positions, end) = layout()
        // At the very end of a full row the terminal waits to wrap: move down explicitly.
        if end.column == 0, end.row > 0, !(buffer.isEmpty && prompt.isEmpty) { out += "\r\n" }
        let target = cursor < positions.count ? positions[cursor] : end
        if end.row > target.row { out += "\u{1B}[\(end.row - target.row)A" }
        out += "\r"
        if target.column > 0 { out += "\u{1B}[\(target.column)C" }
        cursorRow = target.row
        return Array(out.utf8)
    }

    /// Moves below the line when it is done (with `^C` shown after an interrupt).
    mutating func finish(marker: String = "") -> [UInt8] {
        let end = layout().end
        var out = ""
        if end.row > cursorRow { out += "\u{1B}[\(end.row - cursorRow)B" }
        out += marker + "\r\n"
        cursorRow = 0
        return Array(out.utf8)
    }
}
