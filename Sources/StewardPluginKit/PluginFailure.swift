/// A call that did not do its work: thrown by a handler, it becomes the result frame
/// `{"type":"result","ok":false,"error":{"kind":…,"message":…,"retryable":…}}`.
public struct PluginFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// Matched against a workflow's `catch:`: one of the kinds the manifest lists, in
    /// lower case with dashes (`rate-limited`, `bad-input`).
    public let kind: String
    public let message: String
    /// False when trying again cannot help (a bad recipient): Steward then skips the step's retries.
    public let retryable: Bool

    public init(kind: String, message: String, retryable: Bool = true) {
        self.kind = kind
        self.message = message
        self.retryable = retryable
    }

    public var description: String { "\(kind): \(message)" }

    /// A `with:` value that is missing or has the wrong shape: never retried.
    public static func badInput(_ message: String) -> PluginFailure {
        PluginFailure(kind: "bad-input", message: message, retryable: false)
    }
}
