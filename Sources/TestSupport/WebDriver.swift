public import Foundation

/// A small client of the W3C WebDriver protocol (HTTP + JSON, https://www.w3.org/TR/webdriver2/): one
/// browser session driven from a test — open pages, find elements by CSS, click, type, read text, run a
/// script, and wait for the page to show something.
///
/// Two things go through chromedriver's DevTools passthrough (`POST /session/{id}/goog/cdp/execute`)
/// because the standard has no word for them: the viewport width (headless Chromium cannot make a
/// window narrower than 500 px, but it can emulate a 360 px phone) and full-page screenshots.
///
/// Requests go through `LoopbackHTTPClient` (URLSession on Linux cannot read chromedriver's headers).
///
/// Every wait polls (every 100 ms) until its condition holds or a generous timeout passes, so a loaded
/// machine makes a test slower, not flaky. Pages are re-queried after every navigation: element
/// references die with their document.
public final class WebDriver: @unchecked Sendable {
    /// A reference to an element of the current document.
    public struct Element: Sendable, Equatable {
        public let id: String
        static let key = "element-6066-11e4-a52e-4f735466cecf"
        var json: [String: Any] { [Self.key: id] }
    }

    /// An error from the driver (`no such element`, `stale element reference` …) or the protocol.
    public struct Failure: Error, CustomStringConvertible {
        public var error: String
        public var message: String
        public var description: String { "webdriver: \(error): \(message)" }
    }

    /// The driver's port on 127.0.0.1.
    public let port: Int
    /// `/session/ID`.
    public let session: String
    /// The base URL `open("/path")` resolves against (the server under test).
    public let base: URL
    /// How long `waitFor…` calls wait by default.
    public let timeout: TimeInterval

    private init(port: Int, session: String, base: URL, timeout: TimeInterval) {
        self.port = port
        self.session = session
        self.base = base
        self.timeout = timeout
    }

    /// Starts a session on the driver listening on 127.0.0.1:`port` with W3C `capabilities` (the
    /// `alwaysMatch` object); pages resolve against `base`.
    public static func start(port: Int, capabilities: [String: Any], base: URL, timeout: TimeInterval = 60) async throws -> WebDriver {
        let value = try await send(port, "POST", "/session", ["capabilities": ["alwaysMatch": capabilities]])
        guard let id = (value as? [String: Any])?["sessionId"] as? String else {
            throw Failure(error: "session not created", message: "no sessionId in \(String(describing: value))")
        }
        return WebDriver(port: port, session: "/session/" + id, base: base, timeout: timeout)
    }

    /// Ends the session (the driver closes the browser). Errors are ignored: this runs on the way out.
    public func quit() async {
        _ = try? await Self.send(port, "DELETE", session, nil)
    }

    // MARK: - Navigation

    /// Opens `path` (`/letters`) on the server under test, or an absolute URL, and waits for the load.
    public func open(_ path: String) async throws {
        let url = path.hasPrefix("http") ? path : base.absoluteString.trimmingSlash + path
        _ = try await command("POST", "url", ["url": url])
    }

    /// The current URL.
    public func currentURL() async throws -> URL {
        guard let text = try await command("GET", "url") as? String, let url = URL(string: text) else {
            throw Failure(error: "protocol", message: "no current URL")
        }
        return url
    }

    /// The current URL's path and query (`/search?q=…`, percent-encoded as the browser has it).
    public func currentPath() async throws -> String {
        let url = try await currentURL()
        return url.path + (url.query.map { "?" + $0 } ?? "")
    }

    /// The document's title.
    public func title() async throws -> String { try await command("GET", "title") as? String ?? "" }

    // MARK: - Elements

    /// The first element matching `css`, or nil.
    public func first(_ css: String) async throws -> Element? {
        try await all(css).first
    }

    /// Every element matching `css`.
    public func all(_ css: String) async throws -> [Element] {
        let value = try await command("POST", "elements", ["using": "css selector", "value": css])
        return (value as? [[String: Any]] ?? []).compactMap { ($0[Element.key] as? String).map(Element.init) }
    }

    /// The first element matching `css` whose text contains `text` (any element matching `css` when
    /// `text` is nil), or nil. Text is the element's `textContent` with runs of white space collapsed.
    public func first(_ css: String, containing text: String?) async throws -> Element? {
        let script = """
            const wanted = arguments[1];
            return Array.from(document.querySelectorAll(arguments[0]))
              .find(e => wanted === null || e.textContent.replace(/\\s+/g, ' ').includes(wanted)) || null;
            """
        return element(from: try await execute(script, css, text ?? NSNull()))
    }

    /// Waits until an element matching `css` (and containing `text`) is in the page, and returns it.
    @discardableResult
    public func waitFor(_ css: String, containing text: String? = nil, timeout: TimeInterval? = nil) async throws -> Element {
        var found: Element?
        try await waitUntil("\(css)\(text.map { " containing “\($0)”" } ?? "")", timeout: timeout) {
            found = try await self.first(css, containing: text)
            return found != nil
        }
        return found!
    }

    /// Waits until the page's text contains `text`.
    public func waitForText(_ text: String, timeout: TimeInterval? = nil) async throws {
        try await waitFor("body", containing: text, timeout: timeout)
    }

    /// Waits until the current path (with query) starts with `prefix`.
    public func waitForPath(_ prefix: String, timeout: TimeInterval? = nil) async throws {
        try await waitUntil("the path \(prefix)", timeout: timeout) { try await self.currentPath().hasPrefix(prefix) }
    }

    /// Polls `condition` until it is true; throws after `timeout` with `what` and the current path.
    public func waitUntil(_ what: String, timeout: TimeInterval? = nil, _ condition: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(timeout ?? self.timeout)
        var lastError: (any Error)?
        while true {
            do {
                if try await condition() { return }
            } catch let error as Failure where ["stale element reference", "no such element", "javascript error"].contains(error.error) {
                // The page changed under the condition: look again.
                lastError = error
            }
            guard Date() < deadline else {
                let path = (try? await currentPath()) ?? "?"
                throw Failure(
                    error: "timeout", message: "waited \(Int(timeout ?? self.timeout)) s for \(what) on \(path)\(lastError.map { " (\($0))" } ?? "")")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Clicks an element (the driver scrolls it into view first).
    public func click(_ element: Element) async throws {
        _ = try await command("POST", "element/\(element.id)/click", [:])
    }

    /// Clicks an element that submits a form or follows a link, and waits until the next document has
    /// loaded — also when it is the same URL again (a redirect back to the page), so a following wait
    /// cannot be satisfied by the old page.
    public func clickAndWaitForPage(_ element: Element, timeout: TimeInterval? = nil) async throws {
        _ = try await execute("window.__xinqiaoOldPage = true; return null;")
        try await click(element)
        try await waitUntil("the next page to load", timeout: timeout) {
            try await self.execute("return window.__xinqiaoOldPage !== true && document.readyState === 'complete';") as? Bool == true
        }
    }

    /// The first `button` (or `input[type=submit]`, or link styled as one) whose text is `label`.
    public func button(_ label: String) async throws -> Element {
        let script = """
            return Array.from(document.querySelectorAll('button, a.button, input[type=submit]'))
              .find(e => (e.textContent || e.value || '').trim() === arguments[0]) || null;
            """
        guard let found = element(from: try await execute(script, label)) else {
            throw Failure(error: "no such element", message: "no button “\(label)” on \((try? await currentPath()) ?? "?")")
        }
        return found
    }

    /// Clears a text field and types `text` into it.
    public func type(_ text: String, into element: Element) async throws {
        _ = try await command("POST", "element/\(element.id)/clear", [:])
        _ = try await command("POST", "element/\(element.id)/value", ["text": text])
    }

    /// The element's rendered text (`innerText`, as the reader sees it).
    public func text(of element: Element) async throws -> String {
        try await command("GET", "element/\(element.id)/text") as? String ?? ""
    }

    /// The text of the first element matching `css` (empty when there is none).
    public func text(_ css: String) async throws -> String {
        try await execute("const e = document.querySelector(arguments[0]); return e ? e.innerText : '';", css) as? String ?? ""
    }

    /// Runs `script` as the body of a function in the page (`arguments[i]` are `arguments`) and returns
    /// its JSON result; elements come back as `[element-6066…: id]` dictionaries (see `element(from:)`).
    /// Runs through the driver, so the page's Content-Security-Policy (no scripts) does not apply.
    @discardableResult
    public func execute(_ script: String, _ arguments: Any...) async throws -> Any? {
        try await command("POST", "execute/sync", ["script": script, "args": arguments.map { ($0 as? Element)?.json ?? $0 }])
    }

    /// An element reference returned by `execute`, or nil.
    public func element(from value: Any?) -> Element? {
        ((value as? [String: Any])?[Element.key] as? String).map(Element.init)
    }

    // MARK: - Viewport and screenshots

    /// Emulates a viewport `width` × `height` CSS pixels (a phone with `mobile`), without a reload.
    public func setViewport(width: Int, height: Int, mobile: Bool) async throws {
        _ = try await devTools(
            "Emulation.setDeviceMetricsOverride", ["width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile])
    }

    /// A PNG of the whole page (not only the viewport).
    public func fullPageScreenshot() async throws -> Data {
        let result = try await devTools("Page.captureScreenshot", ["format": "png", "captureBeyondViewport": true])
        guard let base64 = result["data"] as? String, let data = Data(base64Encoded: base64) else {
            throw Failure(error: "protocol", message: "no screenshot data")
        }
        return data
    }

    /// A Chrome DevTools Protocol command through chromedriver.
    @discardableResult
    public func devTools(_ name: String, _ parameters: [String: Any]) async throws -> [String: Any] {
        try await command("POST", "goog/cdp/execute", ["cmd": name, "params": parameters]) as? [String: Any] ?? [:]
    }

    // MARK: - Protocol

    /// `method /session/{id}/path` with a JSON body; the `value` of the answer.
    private func command(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> Any? {
        try await Self.send(port, method, session + "/" + path, body)
    }

    private static func send(_ port: Int, _ method: String, _ path: String, _ body: [String: Any]?) async throws -> Any? {
        let payload = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        let response = try await LoopbackHTTPClient.send(port: port, method: method, path: path, json: payload)
        let data = response.body
        let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        let value = (json as? [String: Any])?["value"]
        let status = response.status
        if !(200..<300).contains(status) || ((value as? [String: Any])?["error"] is String) {
            let details = value as? [String: Any]
            let message = (details?["message"] as? String).map { String($0.prefix { $0 != "\n" }) } ?? String(decoding: data.prefix(500), as: UTF8.self)
            throw Failure(error: details?["error"] as? String ?? "HTTP \(status)", message: message)
        }
        return value is NSNull ? nil : value
    }
}

extension String {
    fileprivate var trimmingSlash: String { hasSuffix("/") ? String(dropLast()) : self }
}
