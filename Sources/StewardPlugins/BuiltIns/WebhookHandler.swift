import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import StewardExpressions
import StewardTime

/// `webhook`: POSTs `body` as JSON to `url` and waits for the answer within the time limit.
///
/// The operation key goes as the `Idempotency-Key` header, the same for every attempt of a
/// visit, so a receiver that honours it acts once however often the call is made again (a
/// retry after a lost answer, a call after a crash): that is why the handler is idempotent.
/// A secret (`secret:` names it) goes as `Authorization: Bearer …` or in `secret_header`; no
/// message of the handler ever shows a header, and the engine removes the secret's value from
/// whatever the receiver answers before anything is written down.
public struct WebhookHandler: StepHandler {
    /// Of an answer, this much is kept (and parsed when it is JSON); the rest is dropped.
    public static let answerLimit = 1 << 20

    public let contract = HandlerContract(
        name: "webhook", version: "1", summary: "POSTs JSON to a URL (an idempotency key, a secret, a time limit)",
        tier: .builtIn,
        inputs: [HandlerInput("url", .text, required: true, summary: "http:// or https://"),
                 HandlerInput("body", .any, summary: "sent as JSON; {} when not given"),
                 HandlerInput("headers", .object, summary: "more request headers"),
                 HandlerInput("secret", .text, secret: true, summary: "the name of a secret, sent as a bearer token"),
                 HandlerInput("secret_header", .text, summary: "the header to send the secret in, as it is"),
                 HandlerInput("timeout", .duration, summary: "at most the handler's limit, 60 s")],
        outputs: [HandlerInput("status", .integer), HandlerInput("body", .any), HandlerInput("truncated", .boolean)],
        errors: ["http", "network"],
        idempotent: true, timeout: .seconds(60))

    public init() {}

    public func call(_ request: StepRequest) async -> StepOutcome {
        let post: URLRequest
        let deadline: ContinuousClock.Instant
        do throws(StepFailure) {
            post = try Self.post(for: request)
            deadline = try Self.deadline(of: request)
        } catch {
            return StepOutcome(.failure(error))
        }
        let answer = await WebhookExchange(limit: Self.answerLimit).send(post, until: deadline)
        return Self.outcome(of: answer, url: post.url?.absoluteString ?? "")
    }

    static func post(for request: StepRequest) throws(StepFailure) -> URLRequest {
        guard let text = request.text("url"), let url = URL(string: text),
              let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
            throw StepFailure(kind: "handler", message: "webhook 'url' must be an http:// or https:// address; got '\(request.text("url") ?? "")'",
                              retryable: false)
        }
        var post = URLRequest(url: url)
        post.httpMethod = "POST"
        post.httpBody = Data((request.argument("body") ?? .object([:])).json.utf8)
        post.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        post.setValue("application/json", forHTTPHeaderField: "Accept")
        if case .object(let headers)? = request.argument("headers") {
            for (name, value) in headers.entries {
                guard Self.isHeaderName(name), !value.text.contains(where: \.isNewline) else {
                    throw StepFailure(kind: "handler", message: "webhook 'headers' has '\(name)', which cannot be sent as a header",
                                      retryable: false)
                }
                post.setValue(value.text, forHTTPHeaderField: name)
            }
        }
        post.setValue(request.operationKey, forHTTPHeaderField: "Idempotency-Key")
        if let secret = request.secrets["secret"] {
            guard !secret.contains(where: \.isNewline) else {
                throw StepFailure(kind: "handler", message: "the webhook's secret holds a line break and cannot be sent", retryable: false)
            }
            if let header = request.text("secret_header") {
                guard Self.isHeaderName(header) else {
                    throw StepFailure(kind: "handler", message: "webhook 'secret_header' '\(header)' is not a header name", retryable: false)
                }
                post.setValue(secret, forHTTPHeaderField: header)
            } else {
                post.setValue("Bearer " + secret, forHTTPHeaderField: "Authorization")
            }
        }
        return post
    }

    /// The handler's deadline, or sooner when `timeout` says so.
    static func deadline(of request: StepRequest) throws(StepFailure) -> ContinuousClock.Instant {
        guard let text = request.text("timeout") else { return request.deadline }
        let spec: DurationSpec
        do { spec = try DurationSpec(parsing: text) } catch {
            throw StepFailure(kind: "handler", message: "webhook 'timeout': \(error.description)", retryable: false)
        }
        guard case .elapsed(let milliseconds) = spec, milliseconds > 0 else {
            throw StepFailure(kind: "handler", message: "webhook 'timeout' must be a time in seconds, minutes or hours; got '\(text)'",
                              retryable: false)
        }
        return min(request.deadline, .now + .milliseconds(milliseconds))
    }

    /// 2xx: success. 408, 429, 5xx and no answer: worth trying again. Any other answer: not.
    static func outcome(of answer: WebhookExchange.Answer, url: String) -> StepOutcome {
        switch answer {
        case .timedOut:
            return .failure(kind: "timeout", message: "\(url) did not answer within the time limit")
        case .failed(let reason):
            return .failure(kind: "network", message: "\(url) could not be reached: \(reason)")
        case .redirected(let status, let location):
            return .failure(kind: "http", message: "\(url) answered \(status), sending the request elsewhere (\(location)); give that address",
                            retryable: false)
        case .answered(let status, let body, let truncated, let isJSON):
            if (200..<300).contains(status) {
                var output = ExpressionObject([("status", .integer(status)), ("body", Self.value(of: body, isJSON: isJSON && !truncated))])
                if truncated { output["truncated"] = .bool(true) }
                return .success(.object(output))
            }
            let retryable = status == 408 || status == 429 || status >= 500
            let excerpt = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return .failure(kind: "http", message: "\(url) answered \(status)" + (excerpt.isEmpty ? "" : ": \(excerpt)"),
                            retryable: retryable)
        }
    }

    /// The answer's JSON as a value; other text, and an answer that says it is JSON but is
    /// not, as the text it is (the step's output shows what came).
    static func value(of body: Data, isJSON: Bool) -> ExpressionValue {
        guard !body.isEmpty else { return .null }
        let text = String(decoding: body, as: UTF8.self)
        guard isJSON else { return .string(text) }
        do {
            return try ExpressionValue(parsingJSON: text)
        } catch {
            return .string(text)
        }
    }

    /// RFC 9110 token characters.
    static func isHeaderName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "!#$%&'*+-.^_`|~".unicodeScalars.contains($0))
        }
    }
}
