public import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A long-running child process for end-to-end tests (`xinqiao serve`, `chromedriver`): its standard
/// output and error go to a log file (readable at any time, no pipe to drain), it can be waited on for a
/// line such as `listening on 127.0.0.1:PORT`, and `stop()` ends it and everything it started.
///
/// Foundation starts every child as the leader of its own process group (checked on Linux: the child's
/// pgid is its pid), so signalling the group reaches the grandchildren too — Chromium's renderers,
/// GPU and zygote processes under chromedriver. `stop()` sends SIGTERM to the group, waits, then
/// SIGKILL; `deinit` stops it too, so a failing test cannot leave a server behind.
public final class BackgroundProcess: @unchecked Sendable {
    public let process = Process()
    /// Where standard output and standard error go.
    public let log: URL
    private let lock = NSLock()
    private var stopped = false

    /// Starts `executable arguments…` with output to `log` (created or truncated).
    public init(_ executable: URL, _ arguments: [String], log: URL, cwd: URL? = nil, environment: [String: String]? = nil) throws {
        self.log = log
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.executableURL = executable
        process.arguments = arguments
        if let cwd { process.currentDirectoryURL = cwd }
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        try? handle.close()
    }

    deinit { stop() }

    public var pid: Int32 { process.processIdentifier }

    /// Everything the process has written so far.
    public var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// Waits until the output matches `pattern` (a regular expression) and returns its first capture
    /// group (or the whole match). Throws if the process exits first or `timeout` passes.
    public func waitForOutput(_ pattern: String, timeout: TimeInterval = 60) async throws -> String {
        let regex = try NSRegularExpression(pattern: pattern)
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let text = output
            if let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) {
                let range = match.numberOfRanges > 1 ? match.range(at: 1) : match.range
                if let found = Range(range, in: text) { return String(text[found]) }
            }
            guard process.isRunning else {
                throw Failure("\(process.executableURL?.lastPathComponent ?? "process") exited (\(process.terminationStatus)) before printing /\(pattern)/:\n\(text.suffix(2_000))")
            }
            guard Date() < deadline else {
                throw Failure("timed out after \(Int(timeout)) s waiting for /\(pattern)/ from \(process.executableURL?.lastPathComponent ?? "process"):\n\(text.suffix(2_000))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Ends the process group: SIGTERM, up to `grace` seconds to exit, then SIGKILL. Idempotent.
    public func stop(grace: TimeInterval = 3) {
        lock.lock()
        let already = stopped
        stopped = true
        lock.unlock()
        guard !already else { return }
        let group = -process.processIdentifier
        guard process.processIdentifier > 0 else { return }
        kill(group, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        // The leader may be gone while others in its group linger: always finish the group off.
        kill(group, SIGKILL)
        if process.isRunning { process.waitUntilExit() }
    }

    /// Kills (SIGKILL, by pid) every process whose command line contains `marker` — for processes
    /// that left the group, such as a browser's crash handler. Only ever pass a marker unique to this
    /// test run (a temporary directory's path).
    public static func killAll(commandLineContaining marker: String) {
        guard !marker.isEmpty, let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return }
        let me = getpid()
        for entry in entries {
            guard let pid = Int32(entry), pid != me,
                let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline")
            else { continue }
            let commandLine = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
            if commandLine.contains(marker) { kill(pid, SIGKILL) }
        }
    }

    /// A process did not do what the test waited for.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }
}
