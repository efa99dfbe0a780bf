import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Posts webhook payloads with URLSession (FoundationNetworking on Linux) and says what became of each.
///
/// Redirects are not followed (a 3xx is an answer that is not 2xx), caches and cookies are off, and a
/// request that gets no answer within `timeout` seconds ends.
final class WebhookClient: Sendable {
    /// What became of one post.
    enum Outcome: Equatable, Sendable {
        /// The receiver answered 2xx.
        case accepted(status: Int)
        /// The receiver answered something else, or the request never reached it: safe to try again.
        case refused(String)
        /// The request may have reached the receiver but no answer came (a timeout, a dropped
        /// connection): trying again could post it twice.
        case unknown(String)
    }

    private let session: URLSession
    private let timeout: TimeInterval

    init(timeout: TimeInterval) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        self.timeout = timeout
        self.session = URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
    }

    deinit { session.finishTasksAndInvalidate() }

    /// POSTs `body` as JSON to `url` with an `Idempotency-Key` header.
    func post(_ body: Data, idempotencyKey: String, to url: URL) async -> Outcome {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.setValue(idempotencyKey, forHTTPHeaderField: "Idempotency-Key")
        request.setValue("xinqiao-webhook/1", forHTTPHeaderField: "User-Agent")
        do {
            let (_, response) = try await session.data(for: request)
            guard let http = response as? HTTPURLResponse else { return .unknown("the answer was not HTTP") }
            if (200..<300).contains(http.statusCode) { return .accepted(status: http.statusCode) }
            return .refused("HTTP \(http.statusCode)")
        } catch let error as URLError {
            switch error.code {
            case .cannotConnectToHost: return .refused("cannot connect to \(url.host ?? "the host")")
            case .cannotFindHost, .dnsLookupFailed: return .refused("cannot find host \(url.host ?? "")")
            case .notConnectedToInternet: return .refused("not connected to the network")
            case .badURL, .unsupportedURL: return .refused("bad URL")
            case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate, .serverCertificateNotYetValid,
                .serverCertificateHasUnknownRoot, .clientCertificateRejected:
                return .refused("TLS handshake failed")
            case .timedOut: return .unknown("no answer within \(Int(timeout)) s")
            case .networkConnectionLost: return .unknown("connection lost before the answer")
            default: return .unknown("network error \(error.code.rawValue)")
            }
        } catch {
            return .unknown("network error")
        }
    }
}

/// Refuses every redirect, so the 3xx itself is the answer.
private final class NoRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}
