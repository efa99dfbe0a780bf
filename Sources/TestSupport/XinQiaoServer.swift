public import Foundation

/// A real `xinqiao serve` (the built binary) on a free port over a database file, for tests that go
/// through HTTP like a browser does. The port is the one the server reports
/// (`Server started and listening on 127.0.0.1:PORT`), so nothing races for it.
public final class XinQiaoServer: @unchecked Sendable {
    public let url: URL
    private let process: BackgroundProcess

    /// Starts `xinqiao serve --db DB --port 0` in the repository (so it finds the bundled library) and
    /// waits until it listens. The log goes to `directory/serve.log`.
    public static func start(database: String, directory: URL) async throws -> XinQiaoServer {
        let process = try BackgroundProcess(
            Executable.url, ["serve", "--db", database, "--host", "127.0.0.1", "--port", "0"], log: directory.appendingPathComponent("serve.log"),
            cwd: Repository.root)
        do {
            let port = try await process.waitForOutput(#"listening on 127\.0\.0\.1:(\d+)"#, timeout: 90)
            return XinQiaoServer(url: URL(string: "http://127.0.0.1:\(port)")!, process: process)
        } catch {
            process.stop()
            throw error
        }
    }

    private init(url: URL, process: BackgroundProcess) {
        self.url = url
        self.process = process
    }

    deinit { process.stop() }

    /// SIGTERM (a clean shutdown), then SIGKILL if it lingers.
    public func stop() { process.stop() }

    /// The server's log so far.
    public var log: String { process.output }
}
