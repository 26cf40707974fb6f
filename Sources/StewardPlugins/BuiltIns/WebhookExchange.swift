import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One POST and its answer, over URLSession (FoundationNetworking on Linux): no redirect
/// followed (a POST turned into a GET elsewhere would be a different call), the answer kept
/// up to a limit, and the whole exchange cut off at the deadline.
final class WebhookExchange: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    enum Answer: Sendable, Equatable {
        /// The receiver answered; `truncated`: its body was longer than the limit.
        case answered(status: Int, body: Data, truncated: Bool, isJSON: Bool)
        /// A 3xx answer, which is not followed.
        case redirected(status: Int, location: String)
        /// No answer came (no connection, an unknown host, a broken TLS handshake).
        case failed(String)
        /// The deadline came first.
        case timedOut
    }

    private let limit: Int
    private let lock = NSLock()
    private var status = 0
    private var isJSON = false
    private var location = ""
    private var body = Data()
    private var truncated = false
    private var timedOut = false
    private var continuation: CheckedContinuation<Answer, Never>?

    init(limit: Int) {
        self.limit = limit
    }

    func send(_ request: URLRequest, until deadline: ContinuousClock.Instant) async -> Answer {
        let (whole, attoseconds) = ContinuousClock.now.duration(to: deadline).components
        let seconds = max(0.001, Double(whole) + Double(attoseconds) / 1e18)
        let configuration = URLSessionConfiguration.ephemeral
        // FoundationNetworking cuts these to whole seconds (0.9 s would be no time at all): they
        // are only a backstop, a second after the deadline this exchange keeps itself.
        configuration.timeoutIntervalForRequest = seconds.rounded(.up) + 1
        configuration.timeoutIntervalForResource = seconds.rounded(.up) + 1
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        let session = URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
        let task = session.dataTask(with: request)
        let answer = await withCheckedContinuation { (continuation: CheckedContinuation<Answer, Never>) in
            lock.withLock { self.continuation = continuation }
            task.resume()
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
                let waiting = lock.withLock { () -> Bool in
                    if self.continuation != nil { timedOut = true }
                    return self.continuation != nil
                }
                if waiting { task.cancel() }
            }
        }
        // The session keeps its delegate until it is invalidated.
        session.finishTasksAndInvalidate()
        return answer
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        if let http = response as? HTTPURLResponse {
            let type = (http.value(forHTTPHeaderField: "Content-Type") ?? "").lowercased()
            lock.withLock {
                status = http.statusCode
                isJSON = type.hasPrefix("application/json") || type.contains("+json")
            }
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let full = lock.withLock { () -> Bool in
            let room = limit - body.count
            if data.count > room {
                body.append(data.prefix(max(0, room)))
                truncated = true
                return true
            }
            body.append(data)
            return false
        }
        // The rest is not read: a receiver cannot make Steward hold more than the limit.
        if full { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        lock.withLock {
            status = response.statusCode
            location = request.url?.absoluteString ?? ""
        }
        completionHandler(nil)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let (continuation, answer) = lock.withLock { () -> (CheckedContinuation<Answer, Never>?, Answer) in
            defer { self.continuation = nil }
            return (self.continuation, conclusion(error))
        }
        continuation?.resume(returning: answer)
    }

    /// What the exchange came to; called under the lock.
    private func conclusion(_ error: (any Error)?) -> Answer {
        if timedOut { return .timedOut }
        if truncated { return .answered(status: status, body: body, truncated: true, isJSON: isJSON) }
        if let error {
            let code = (error as? URLError)?.code
            if code == .timedOut { return .timedOut }
            if (300..<400).contains(status) { return .redirected(status: status, location: location) }
            return .failed(Self.reason(code, error))
        }
        if (300..<400).contains(status) { return .redirected(status: status, location: location) }
        return .answered(status: status, body: body, truncated: false, isJSON: isJSON)
    }

    /// A failure in words, without the request (its headers may hold a secret).
    private static func reason(_ code: URLError.Code?, _ error: any Error) -> String {
        switch code {
        case .cannotConnectToHost?: "the connection was refused"
        case .cannotFindHost?, .dnsLookupFailed?: "the host name is unknown"
        case .networkConnectionLost?: "the connection was lost"
        case .notConnectedToInternet?: "there is no network"
        case .secureConnectionFailed?, .serverCertificateUntrusted?, .serverCertificateHasBadDate?,
             .serverCertificateNotYetValid?, .serverCertificateHasUnknownRoot?:
            "the secure connection failed (TLS)"
        case .badServerResponse?: "the answer was not HTTP"
        case let code?: "network error \(code.rawValue)"
        case nil: "\(type(of: error))"
        }
    }
}
