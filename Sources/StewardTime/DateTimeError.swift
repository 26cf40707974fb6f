/// Why a date-time could not be read or built.
public struct DateTimeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text (or values) that were rejected.
    public let text: String
    /// A lower-case sentence naming the problem and what to write instead.
    public let message: String

    /// Creates an error about `text`.
    public init(text: String, message: String) {
        self.text = text
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
