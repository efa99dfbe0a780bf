import Foundation
import Testing
import TestSupport

/// One browser test's world: a temporary folder with a database holding the bundled library and the
/// scenario's accounts (made with the CLI, as an operator would), a real `xinqiao serve` on a free port
/// and headless Chromium pointed at it. `run` tears all of it down afterwards, also when the scenario
/// fails (processes are killed by process group, see `BackgroundProcess`).
///
/// `capture(_:)` screenshots the page at 360 px and 1280 px into `.build/screenshots/<scenario>/`
/// and checks that nothing makes the page wider than a 360 px phone.
final class BrowserStage: @unchecked Sendable {
    /// Every scenario's password.
    static let password = "long secret 1"
    /// The phone the pages are driven at, and the desktop they are also photographed at.
    static let phone = (width: 360, height: 780)
    static let desktop = (width: 1280, height: 900)

    /// Browser tests run when chromium and chromedriver are installed, or must run when
    /// `XINQIAO_BROWSER_TESTS=required` (CI), where missing programs are a failure, not a skip.
    static var enabled: Bool { HeadlessChromium.missing == nil || required }
    static var required: Bool { ProcessInfo.processInfo.environment["XINQIAO_BROWSER_TESTS"] == "required" }

    /// An account made with `xinqiao account create`.
    struct Account {
        var id: String
        var role: String
        var name: String
        var region = "浙江杭州"
        var school = "一中"
        var grade: Int?
    }

    let directory: URL
    let database: String
    let screenshots: URL
    private(set) var server: XinQiaoServer!
    private(set) var chromium: HeadlessChromium!
    var driver: WebDriver { chromium.driver }
    private var shots = 0

    private init(_ name: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("xq-browser-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        database = directory.appendingPathComponent("xinqiao.sqlite").path
        screenshots = Repository.root.appendingPathComponent(".build/screenshots/\(name)")
        try? FileManager.default.removeItem(at: screenshots)
        try FileManager.default.createDirectory(at: screenshots, withIntermediateDirectories: true)
    }

    /// Sets up the world for scenario `name` (the library imported, `accounts` created, then
    /// `prepare` for more CLI set-up), runs `body` in it and tears it down.
    static func run(
        _ name: String, accounts: [Account], prepare: (BrowserStage) throws -> Void = { _ in },
        sourceLocation: SourceLocation = #_sourceLocation, _ body: (BrowserStage, WebDriver) async throws -> Void
    ) async throws {
        if let missing = HeadlessChromium.missing {
            Issue.record("XINQIAO_BROWSER_TESTS=required but \(missing)", sourceLocation: sourceLocation)
            return
        }
        let started = Date()
        let stage = try BrowserStage(name)
        defer { try? FileManager.default.removeItem(at: stage.directory) }
        try stage.cli(["import"])
        for account in accounts {
            var arguments = ["account", "create", "--id", account.id, "--role", account.role, "--name", account.name, "--password-stdin"]
            if !account.region.isEmpty { arguments += ["--region", account.region] }
            if !account.school.isEmpty { arguments += ["--school", account.school] }
            if let grade = account.grade { arguments += ["--grade", String(grade)] }
            try stage.cli(arguments, stdin: password + "\n")
        }
        try prepare(stage)
        stage.server = try await XinQiaoServer.start(database: stage.database, directory: stage.directory)
        defer { stage.server.stop() }
        do {
            stage.chromium = try await HeadlessChromium.start(base: stage.server.url, directory: stage.directory)
            try await stage.driver.setViewport(width: phone.width, height: phone.height, mobile: true)
            try await body(stage, stage.driver)
        } catch {
            let page = (try? await stage.chromium?.driver.currentPath()) ?? "?"
            await stage.chromium?.close()
            Issue.record("\(name) failed on \(page): \(error)\n-- serve.log (end):\n\(stage.server.log.suffix(1_500))", sourceLocation: sourceLocation)
            return
        }
        await stage.chromium.close()
        print("browser scenario \(name): \(stage.shots) pages photographed at 360 and 1280 px in \(stage.screenshots.path) (\(String(format: "%.1f", Date().timeIntervalSince(started))) s)")
    }

    /// Runs `xinqiao arguments… --db DATABASE` and requires exit status 0; returns standard output.
    @discardableResult
    func cli(_ arguments: [String], stdin: String? = nil) throws -> String {
        let result = try Executable.run(arguments + ["--db", database], stdin: stdin, cwd: Repository.root)
        try #require(result.status == 0, "xinqiao \(arguments.joined(separator: " ")): \(result.stderr)")
        return result.stdout
    }

    // MARK: - Steps

    /// Signs in through the form and waits for the role's landing page.
    func signIn(_ id: String, landsOn landing: String) async throws {
        try await driver.open("/login")
        try await driver.type(id, into: try await driver.waitFor("#login-id"))
        try await driver.type(Self.password, into: try await driver.waitFor("#login-password"))
        try await driver.clickAndWaitForPage(try await driver.button("登录"))
        try await driver.waitForPath(landing)
    }

    /// Signs out with the header's button.
    func signOut() async throws {
        try await driver.clickAndWaitForPage(try await driver.button("退出登录"))
        try await driver.waitForText("您已安全退出")
    }

    /// Clicks the button labelled `label` and waits for the page it leads to.
    func press(_ label: String) async throws {
        try await driver.clickAndWaitForPage(try await driver.button(label))
    }

    /// Chooses `value` in the `<select>` matching `css` by clicking its option.
    func choose(_ value: String, in css: String) async throws {
        try await driver.click(try await driver.waitFor("\(css) option[value=\"\(value)\"]"))
    }

    // MARK: - Screenshots and width

    /// Photographs the current page at 360 px (a phone) and 1280 px, full length, as
    /// `NN-name-360.png` and `NN-name-1280.png`, and expects it to fit the phone's width with no table
    /// cell squeezed narrower than 4.5 characters (a wide table scrolls inside its box instead).
    func capture(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        shots += 1
        let base = String(format: "%02d-", shots) + name
        try await driver.setViewport(width: Self.phone.width, height: Self.phone.height, mobile: true)
        let measured = try await driver.execute(Self.overflowScript) as? [String: Any] ?? [:]
        let width = measured["width"] as? Int ?? Int.max
        let path = try await driver.currentPath()
        #expect(
            width <= Self.phone.width + 2,
            "\(path) is \(width) px wide on a \(Self.phone.width) px phone; too wide: \(measured["offenders"] ?? [])", sourceLocation: sourceLocation)
        let cramped = measured["cramped"] as? [String] ?? []
        #expect(cramped.isEmpty, "\(path) squeezes table cells on a \(Self.phone.width) px phone: \(cramped)", sourceLocation: sourceLocation)
        try await driver.fullPageScreenshot().write(to: screenshots.appendingPathComponent(base + "-360.png"))
        try await driver.setViewport(width: Self.desktop.width, height: Self.desktop.height, mobile: false)
        try await driver.fullPageScreenshot().write(to: screenshots.appendingPathComponent(base + "-1280.png"))
        try await driver.setViewport(width: Self.phone.width, height: Self.phone.height, mobile: true)
    }

    /// The document's width, the cramped table cells, and (when the document is too wide) the first elements sticking out of the viewport
    /// that no box scrolls or clips (an absolutely positioned element escapes a scrolling box that is not
    /// positioned, as `.sr-only` labels in a wide table did).
    static let overflowScript = """
        const limit = document.documentElement.clientWidth + 1;
        const offenders = [];
        for (const e of document.querySelectorAll('body *')) {
          const r = e.getBoundingClientRect();
          if (r.width === 0 || r.right <= limit) continue;
          // A scrolling or clipping ancestor hides it, unless the element is positioned out of that
          // ancestor's reach (absolute with no positioned box in between, or fixed).
          const position = getComputedStyle(e).position;
          let p = e.parentElement, clipped = false, anchored = position !== 'absolute';
          while (p && p !== document.body && position !== 'fixed') {
            const style = getComputedStyle(p);
            if (style.position !== 'static') anchored = true;
            if (style.overflowX !== 'visible' && anchored) { clipped = true; break; }
            p = p.parentElement;
          }
          if (clipped) continue;
          const cls = typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : '';
          offenders.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + cls + ' → ' + Math.round(r.right) + 'px');
          if (offenders.length >= 6) break;
        }
        // Table cells squeezed to a sliver (a few characters a line) instead of the table scrolling.
        const cramped = [];
        for (const cell of document.querySelectorAll('main td, main th[scope=row]')) {
          const text = cell.innerText.trim();
          const width = cell.getBoundingClientRect().width;
          if (text.length >= 6 && width > 0 && width < 4.5 * parseFloat(getComputedStyle(cell).fontSize)) {
            cramped.push(text.slice(0, 12) + ' → ' + Math.round(width) + 'px');
            if (cramped.length >= 6) break;
          }
        }
        return { width: document.documentElement.scrollWidth, offenders: offenders, cramped: cramped };
        """
}
