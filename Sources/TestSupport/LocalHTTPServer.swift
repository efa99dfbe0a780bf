public import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 (a free port) for tests of outgoing requests: it records every
/// request and answers from a script of replies, one per request, then with `200`.
///
/// Plain POSIX sockets on a background thread, one connection at a time, `Connection: close` on every
/// answer: just enough HTTP for URLSession.
public final class LocalHTTPServer: @unchecked Sendable {
    /// What the server does with one request.
    public enum Reply: Sendable, Equatable {
        /// Answers with this status and an empty body.
        case status(Int)
        /// Reads the request, waits this long, then closes the connection without an answer.
        case hang(seconds: Double)
        /// Answers with this status and a JSON body.
        case json(Int, String)
    }

    /// A request as received.
    public struct Request: Sendable {
        public var method: String
        public var path: String
        /// Header names in lowercase.
        public var headers: [String: String]
        public var body: Data
    }

    public let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var script: [Reply]
    private var received: [Request] = []
    private var stopped = false

    /// Starts listening; `replies` are used in order, then every request gets `200`.
    public init(replies: [Reply] = []) throws {
        script = replies
        #if canImport(Glibc)
            // Close-on-exec: the processes other tests start must not hold this socket (or the
            // connections it accepts) open.
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw ServerError.socket("socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw ServerError.socket("bind/listen")
        }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else {
            close(fd)
            throw ServerError.socket("getsockname")
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in self.serve() }
        thread.start()
    }

    deinit { stop() }

    /// `http://127.0.0.1:PORT/hook`.
    public var url: URL { URL(string: "http://127.0.0.1:\(port)/hook")! }

    /// Every request received so far.
    public var requests: [Request] {
        lock.lock()
        defer { lock.unlock() }
        return received
    }

    /// Stops accepting connections. The serving thread closes the listening socket itself when it
    /// leaves: closed here, its descriptor number could be handed to the next test's server while this
    /// thread, back from a slow request, calls `accept` on it again and takes that server's requests.
    public func stop() {
        lock.lock()
        let wasStopped = stopped
        stopped = true
        lock.unlock()
        guard !wasStopped else { return }
        #if canImport(Glibc)
            shutdown(listener, Int32(SHUT_RDWR))
        #else
            shutdown(listener, SHUT_RDWR)
        #endif
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    enum ServerError: Error { case socket(String) }

    // MARK: - Serving

    private func serve() {
        defer { close(listener) }
        while !isStopped {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { continue }
            _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
            if isStopped {
                close(connection)
                return
            }
            handle(connection)
            close(connection)
        }
    }

    private func handle(_ connection: Int32) {
        var buffer = Data()
        var headerEnd: Range<Data.Index>?
        while headerEnd == nil {
            guard let chunk = receive(connection) else { return }
            buffer.append(chunk)
            headerEnd = buffer.range(of: Data("\r\n\r\n".utf8))
        }
        guard let headerEnd else { return }
        let head = String(decoding: buffer[..<headerEnd.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = head.first?.split(separator: " ").map(String.init) ?? []
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        if headers["expect"]?.lowercased() == "100-continue" { answer(connection, "HTTP/1.1 100 Continue\r\n\r\n") }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        var body = Data(buffer[headerEnd.upperBound...])
        while body.count < length {
            guard let chunk = receive(connection) else { break }
            body.append(chunk)
        }
        lock.lock()
        received.append(
            Request(method: requestLine.first ?? "", path: requestLine.count > 1 ? requestLine[1] : "", headers: headers, body: body))
        let reply = script.isEmpty ? .status(200) : script.removeFirst()
        lock.unlock()
        switch reply {
        case .status(let code):
            answer(connection, "HTTP/1.1 \(code) Status\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        case .hang(let seconds):
            Thread.sleep(forTimeInterval: seconds)
        case .json(let code, let text):
            answer(
                connection,
                "HTTP/1.1 \(code) Status\r\nContent-Type: application/json\r\nContent-Length: \(text.utf8.count)\r\nConnection: close\r\n\r\n\(text)")
        }
    }

    private func receive(_ connection: Int32) -> Data? {
        var bytes = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = bytes.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            // Tests that start processes deliver SIGCHLD to this thread too: an interrupted read is
            // read again, not taken for a closed connection.
            if count < 0 && errno == EINTR { continue }
            return count > 0 ? Data(bytes[0..<count]) : nil
        }
    }

    private func answer(_ connection: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        #if canImport(Glibc)
            let flags = Int32(MSG_NOSIGNAL)
        #else
            let flags: Int32 = 0
        #endif
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { send(connection, $0.baseAddress! + sent, $0.count - sent, flags) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            sent += count
        }
    }
}
