import Foundation

/// Terminal facts and a progress bar that draws only when standard error is a terminal.
enum Terminal {
    static var stderrIsTTY: Bool { isatty(STDERR_FILENO) == 1 }
    static var stdoutIsTTY: Bool { isatty(STDOUT_FILENO) == 1 }
    static var stdinIsTTY: Bool { isatty(STDIN_FILENO) == 1 }

    /// The width in columns of the terminal on `descriptor` (80 when it is not one).
    static func columns(of descriptor: Int32 = STDOUT_FILENO) -> Int {
        var size = winsize()
        return ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 80
    }

    /// Reads one line from the terminal without echoing it (a password); nil when standard input is
    /// not a terminal or ends.
    static func readSecret(prompt: String) -> String? {
        guard stdinIsTTY else { return nil }
        var original = termios()
        guard tcgetattr(STDIN_FILENO, &original) == 0 else { return nil }
        var quiet = original
        quiet.c_lflag &= ~tcflag_t(ECHO)
        FileHandle.standardError.write(Data(prompt.utf8))
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &original)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return Swift.readLine(strippingNewline: true)
    }

    /// Writes all of `bytes` to a file descriptor (retrying short writes and interruptions); false
    /// when the reader has gone away.
    @discardableResult
    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard var pointer = bytes.baseAddress else { return true }
        var left = bytes.count
        while left > 0 {
            let written = write(descriptor, pointer, left)
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            pointer += written
            left -= written
        }
        return true
    }
}

/// A one-line progress bar on standard error (`[#####-----] 120/400 files`), redrawn in place.
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let enabled: Bool
    private let lock = NSLock()
    private var lastDrawn = -1

    init(label: String, enabled: Bool = Terminal.stderrIsTTY) {
        self.label = label
        self.enabled = enabled
    }

    func update(_ done: Int, _ total: Int) {
        guard enabled, total > 0 else { return }
        lock.lock()
        defer { lock.unlock() }
        let width = 30
        let filled = done * width / total
        guard filled != lastDrawn || done == total else { return }
        lastDrawn = filled
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total) \(label)".utf8))
        if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
