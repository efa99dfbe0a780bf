public import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A minimal HTTP/1.1 client for a server on 127.0.0.1 — one request per connection
/// (`Connection: close`), the body sized by `Content-Length` or the end of the stream.
///
/// `WebDriver` uses it instead of URLSession because Foundation's URLSession on Linux (libcurl) cannot
/// read chromedriver's answers: chromedriver writes headers without a space after the colon
/// (`Content-Length:250`) and every request fails with "Failed writing header"
/// (swiftlang/swift-corelibs-foundation#4965). The blocking socket work runs on a Dispatch queue,
/// never on Swift's cooperative threads, so a slow page load does not stall other tests.
enum LoopbackHTTPClient {
    struct Response {
        var status: Int
        var body: Data
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Sends `method path` with an optional JSON body to `127.0.0.1:port` and returns the answer.
    static func send(port: Int, method: String, path: String, json body: Data?, timeout: TimeInterval = 120) async throws -> Response {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try exchange(port: port, method: method, path: path, body: body, timeout: timeout) })
            }
        }
    }

    private static func exchange(port: Int, method: String, path: String, body: Data?, timeout: TimeInterval) throws -> Response {
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw Failure(description: "socket() failed") }
        defer { close(fd) }
        var wait = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "cannot connect to 127.0.0.1:\(port) (errno \(errno))") }

        let payload = body ?? Data()
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\nAccept: application/json\r\n"
        if body != nil { head += "Content-Type: application/json; charset=utf-8\r\n" }
        head += "Content-Length: \(payload.count)\r\n\r\n"
        try sendAll(fd, Data(head.utf8) + payload)

        var received = Data()
        var headerEnd: Range<Data.Index>?
        var expected: Int?
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            if let headerEnd, let expected, received.count - headerEnd.upperBound >= expected { break }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(description: "no answer from 127.0.0.1:\(port)\(path) within \(Int(timeout)) s (errno \(errno))")
            }
            if count == 0 { break }
            received.append(contentsOf: buffer[0..<count])
            if headerEnd == nil, let end = received.range(of: Data("\r\n\r\n".utf8)) {
                headerEnd = end
                expected = header("content-length", in: received[..<end.lowerBound]).flatMap { Int($0) }
            }
        }
        guard let headerEnd else { throw Failure(description: "incomplete answer from 127.0.0.1:\(port)\(path)") }
        let statusLine = String(decoding: received[..<headerEnd.lowerBound], as: UTF8.self).prefix { $0 != "\r" }
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else { throw Failure(description: "bad status line: \(statusLine)") }
        var content = Data(received[headerEnd.upperBound...])
        if let expected, content.count > expected { content = content.prefix(expected) }
        return Response(status: status, body: content)
    }

    /// A header's value (names compared without case; with or without a space after the colon).
    private static func header(_ name: String, in head: Data) -> String? {
        for line in String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":"), line[..<colon].lowercased() == name else { continue }
            return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    private static func sendAll(_ fd: Int32, _ data: Data) throws {
        #if canImport(Glibc)
            let flags = Int32(MSG_NOSIGNAL)
        #else
            let flags: Int32 = 0
        #endif
        var offset = 0
        while offset < data.count {
            #if canImport(Glibc)
                let sent = data.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, data.count - offset, flags) }
            #else
                let sent = data.withUnsafeBytes { Darwin.send(fd, $0.baseAddress! + offset, data.count - offset, flags) }
            #endif
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else { throw Failure(description: "send failed (errno \(errno))") }
            offset += sent
        }
    }
}
