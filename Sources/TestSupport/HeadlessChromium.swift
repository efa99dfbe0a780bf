public import Foundation

/// Headless Chromium under chromedriver, for browser tests: finds the two programs (Debian's
/// `chromium` and `chromium-driver`, which `scripts/deps.sh test` installs), starts chromedriver on a
/// free port as a child process and opens one WebDriver session with a throwaway profile.
///
/// `close()` ends the session, then chromedriver's whole process group, then anything still running
/// with this run's profile directory on its command line; it runs from `deinit` too.
public final class HeadlessChromium: @unchecked Sendable {
    /// The browser and the driver, when both are installed.
    public static let programs: (browser: URL, driver: URL)? = {
        let environment = ProcessInfo.processInfo.environment
        let browsers = [environment["XINQIAO_CHROMIUM"], "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        let drivers = [environment["XINQIAO_CHROMEDRIVER"], "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver", "/usr/local/bin/chromedriver"]
        let executable = { (paths: [String?]) in paths.compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) } }
        guard let browser = executable(browsers), let driver = executable(drivers) else { return nil }
        return (URL(fileURLWithPath: browser), URL(fileURLWithPath: driver))
    }()

    /// Why browser tests cannot run here, or nil when they can.
    public static var missing: String? {
        programs == nil ? "chromium and chromedriver are not installed (Debian: apt-get install chromium chromium-driver; scripts/deps.sh test installs them)" : nil
    }

    public let driver: WebDriver
    private let process: BackgroundProcess
    private let profile: URL
    private let lock = NSLock()
    private var closed = false

    /// Starts chromedriver and a headless browser whose pages resolve against `base`, with a
    /// `width` × `height` window (phones are emulated per page with `WebDriver.setViewport`).
    public static func start(base: URL, directory: URL, width: Int = 1280, height: Int = 900) async throws -> HeadlessChromium {
        guard let programs else { throw BackgroundProcess.Failure(missing ?? "no browser") }
        let profile = directory.appendingPathComponent("chromium-profile-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        let process = try BackgroundProcess(programs.driver, ["--port=0"], log: directory.appendingPathComponent("chromedriver.log"))
        do {
            let port = try await process.waitForOutput(#"started successfully on port (\d+)"#, timeout: 60)
            let capabilities: [String: Any] = [
                "browserName": "chrome",
                "pageLoadStrategy": "normal",
                "timeouts": ["pageLoad": 60_000, "script": 30_000, "implicit": 0],
                "goog:chromeOptions": [
                    "binary": programs.browser.path,
                    "args": [
                        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=\(width),\(height)",
                        "--user-data-dir=\(profile.path)", "--hide-scrollbars", "--no-first-run", "--no-default-browser-check",
                        "--disable-extensions", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--password-store=basic", "--lang=zh-CN", "--disable-crash-reporter", "--disable-breakpad",
                    ],
                ],
            ]
            let driver = try await WebDriver.start(port: Int(port)!, capabilities: capabilities, base: base)
            return HeadlessChromium(driver: driver, process: process, profile: profile)
        } catch {
            process.stop()
            BackgroundProcess.killAll(commandLineContaining: profile.path)
            throw error
        }
    }

    private init(driver: WebDriver, process: BackgroundProcess, profile: URL) {
        self.driver = driver
        self.process = process
        self.profile = profile
    }

    deinit {
        process.stop()
        BackgroundProcess.killAll(commandLineContaining: profile.path)
    }

    /// Ends the session and every browser process. Safe to call twice.
    public func close() async {
        guard markClosed() else { return }
        await driver.quit()
        process.stop()
        BackgroundProcess.killAll(commandLineContaining: profile.path)
    }

    /// True the first time only.
    private func markClosed() -> Bool {
        lock.withLock {
            defer { closed = true }
            return !closed
        }
    }

    /// chromedriver's output so far (for a failure message).
    public var driverLog: String { process.output }
}
