/// Why a cron schedule could not be read, and where in the expression the problem is.
public struct CronScheduleError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The whole expression as written.
    public let expression: String
    /// A lower-case sentence naming the problem and what to write instead
    /// (`minute 60 is out of range 0–59`).
    public let message: String
    /// 0-based offset, in characters, of the offending text inside `expression`: the bad
    /// list item when one item is at fault, else the bad field, else the whole expression.
    public let offset: Int
    /// Length, in characters, of the offending text (at least 1 unless the expression is empty).
    public let length: Int

    /// Creates an error pointing at `length` characters from `offset` in `expression`.
    public init(expression: String, message: String, offset: Int, length: Int) {
        self.expression = expression
        self.message = message
        self.offset = offset
        self.length = length
    }

    /// The message, without the position.
    public var description: String { message }
}
