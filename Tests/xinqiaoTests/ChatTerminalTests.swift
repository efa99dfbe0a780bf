import Foundation
import Testing
import TestSupport

/// `xinqiao chat` in a real pseudo-terminal (tmux): line editing, a quiz taken to the end with a
/// crisis in the middle, a lecture booked, Ctrl-C and Ctrl-D. `.ci/run` installs tmux.
@Suite(.serialized, .enabled(if: Tmux.available, "tmux is not installed (scripts/deps.sh test installs it)"))
struct ChatTerminalTests {
    @Test func aQuizALectureAndACrisisInATerminal() throws {
        // Given the bundled library, a parent in 杭州 and a lecture there next spring
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xq-pty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("x.sqlite").path
        for arguments in [
            ["import", "--db", db],
            ["account", "create", "--db", db, "--id", "p1", "--role", "parent", "--region", "浙江杭州", "--grade", "8"],
            ["lecture", "venue", "add", "--db", db, "--id", "hall", "--name", "西湖区文化站", "--capacity", "30", "--region", "浙江杭州"],
            [
                "lecture", "add", "--db", db, "--id", "l1", "--title", "考前怎么陪孩子", "--venue", "hall", "--start", "2027-03-06T19:00:00+08:00",
                "--end", "2027-03-06T20:30:00+08:00",
            ],
        ] {
            let result = try Executable.run(arguments, cwd: Repository.root)
            try #require(result.status == 0, "\(arguments): \(result.stderr)")
        }
        // When the chat runs in an 80×40 terminal
        let tmux = try Tmux(command: [Executable.url.path, "chat", "--db", db, "--as", "p1"], directory: directory)
        defer { tmux.kill() }
        try tmux.waitFor("您好")
        // Then editing works with Chinese text: 考我, Home, 考 → 考考我
        tmux.type("考我")
        tmux.keys("Home")
        tmux.type("考")
        tmux.keys("Enter")
        try tmux.waitFor("第 1/20 题")
        tmux.send("A")
        try tmux.waitFor("第 2/20 题")
        // A crisis in the middle of the quiz gets help first and stops the quiz
        tmux.send("孩子刚才说想从楼上跳下去")
        try tmux.waitFor("测验先停一停")
        #expect(try tmux.screen().contains("12356"))
        tmux.send("B")
        try tmux.waitFor("测验暂停着")
        tmux.send("继续测验")
        try tmux.waitFor("好的，接着做")
        for number in 2...20 {
            tmux.send("A")
            try tmux.waitFor(number < 20 ? "第 \(number + 1)/20 题" : "测验完成")
        }
        // A lecture is booked by slot filling
        tmux.send("/lectures")
        try tmux.waitFor("1. 《考前怎么陪孩子》")
        tmux.send("报名第1场")
        try tmux.waitFor("确定报名《考前怎么陪孩子》")
        tmux.send("是")
        try tmux.waitFor("报名成功")
        // Ctrl-C drops the line, Ctrl-D ends the session
        tmux.type("这句不发")
        tmux.keys("C-c")
        try tmux.waitFor("再按一次 Ctrl-C")
        tmux.keys("C-d")
        try tmux.waitFor("再见")
        #expect(!(try tmux.screen()).contains("回：这句不发"))
        // And the booking and the submitted quiz are in the database
        let listed = try Executable.run(["lecture", "list", "--db", db, "--parent", "p1", "--json"], cwd: Repository.root)
        #expect(listed.stdout.contains("\"l1\"") && listed.stdout.contains("registered"), "\(listed.stdout)")
    }
}

/// A detached tmux session running one command, driven by `send-keys` and read by `capture-pane`.
struct Tmux {
    static var available: Bool { path != nil }
    static let path: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }

    let name = "xq-\(UUID().uuidString.prefix(8))"
    let socket: String

    init(command: [String], directory: URL) throws {
        socket = directory.appendingPathComponent("tmux.sock").path
        let quoted = command.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        // Keep the pane after the command exits so its last words can still be read.
        // The first command starts the tmux server, which keeps whatever it inherits open: no pipes here.
        try run(["new-session", "-d", "-s", name, "-x", "80", "-y", "40", "env LANG=C.UTF-8 TERM=xterm-256color \(quoted); sleep 30"], read: false)
        try run(["set-option", "-t", name, "history-limit", "5000"], read: false)
    }

    @discardableResult
    private func run(_ arguments: [String], read: Bool = true) throws -> String {
        let process = Process()
        // Through bash, which closes every descriptor above 2 before it becomes tmux: the tmux server
        // forked by the first command would otherwise keep Foundation's own child-watching descriptor
        // (and other tests' pipes) open, and nobody would ever see the client exit.
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        let closeAll = #"for fd in /proc/$$/fd/*; do n=${fd##*/}; [ "$n" -gt 2 ] && eval "exec $n>&-" 2>/dev/null; done; exec "$@""#
        process.arguments = ["-c", closeAll, "bash", Tmux.path!, "-S", socket, "-u"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["LANG": "C.UTF-8"]) { _, new in new }
        process.standardInput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard read else {
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return ""
        }
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Types text literally (no Enter).
    func type(_ text: String) { _ = try? run(["send-keys", "-t", name, "-l", text], read: false) }
    /// Presses named keys (Enter, Home, C-c …).
    func keys(_ keys: String...) { _ = try? run(["send-keys", "-t", name] + keys, read: false) }
    /// Types a line and presses Enter.
    func send(_ line: String) {
        type(line)
        keys("Enter")
    }

    /// The whole pane with its scrollback, wrapped lines joined.
    func screen() throws -> String { try run(["capture-pane", "-p", "-J", "-t", name, "-S", "-5000"]) }

    /// Waits until `text` appears after everything seen by the previous wait.
    func waitFor(_ text: String, timeout: TimeInterval = 20) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.range(of: text, options: .backwards).map({ last.distance(from: last.startIndex, to: $0.lowerBound) >= Tmux.mark.value }) == true {
                Tmux.mark.value = last.distance(from: last.startIndex, to: last.range(of: text, options: .backwards)!.upperBound)
                return
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("timed out waiting for \(text); screen:\n\(last.suffix(1500))")
        throw TimedOut()
    }

    struct TimedOut: Error {}

    /// How far into the screen text the last wait matched (one terminal at a time: the suite is serialized).
    final class Mark: @unchecked Sendable { var value = 0 }
    static let mark = Mark()

    func kill() {
        _ = try? run(["kill-server"], read: false)
        Tmux.mark.value = 0
    }
}
