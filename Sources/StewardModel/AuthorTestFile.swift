import Foundation
import StewardDiagnostics
import StewardExpressions
import StewardTime

/// A file of author tests (`workflows/tests/ID.test.yaml`), read and checked against the
/// workflow it tests (docs/testing.md). The engine runs it; this is only what it says.
public struct AuthorTestFile: Sendable {
    public let path: String
    public let workflow: Located<String>
    /// Where the fake clock starts, in office time; nil: the runner's default.
    public let clock: AuthorTestTime?
    /// Handler results for every test of the file, by state or handler name.
    public let mocks: [String: AuthorTestMock]
    public let tests: [AuthorTest]
}

/// A date, a date and time in the office's time zone, or an instant with its offset.
public enum AuthorTestTime: Sendable, Equatable {
    /// A day: its start when the clock moves there; the whole day when a deadline is expected.
    case date(CivilDate)
    case local(LocalDateTime)
    case instant(Instant)

    /// `2026-03-20`, `2026-03-20 18:00`, `2026-03-20T18:00:30`, or RFC 3339 with an offset.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let date = CivilDate(iso: trimmed) {
            self = .date(date)
            return
        }
        if let instant = try? Instant(iso8601: trimmed) {
            self = .instant(instant)
            return
        }
        let parts = trimmed.split(whereSeparator: { $0 == " " || $0 == "T" })
        guard parts.count == 2, let date = CivilDate(iso: parts[0]) else { return nil }
        let clock = parts[1].split(separator: ":").map { Int($0) }
        guard (2...3).contains(clock.count), clock.allSatisfy({ $0 != nil }),
              let local = LocalDateTime(date: date, hour: clock[0]!, minute: clock[1]!, second: clock.count == 3 ? clock[2]! : 0)
        else { return nil }
        self = .local(local)
    }

    /// The instant it names in `zone` (a day: its start).
    public func instant(in zone: TimeZone) -> Instant {
        switch self {
        case .date(let date): Instant(local: LocalDateTime(date: date, hour: 0)!, in: zone)
        case .local(let local): Instant(local: local, in: zone)
        case .instant(let instant): instant
        }
    }
}

/// What a mocked handler call gives back.
public struct AuthorTestMock: Sendable, Equatable {
    public enum Result: Sendable, Equatable {
        case output(ExpressionValue)
        case failure(kind: String, message: String, retryable: Bool)
    }
    public let result: Result
    public let location: SourceLocation
}

/// One test: who starts the instance with which inputs, the steps, and what is expected.
public struct AuthorTest: Sendable {
    public let name: String
    public let location: SourceLocation
    /// Who starts the instance; nil: the first member of the union office.
    public let starter: String?
    /// Roles whose members this test replaces, by role id (empty: the roster as it is).
    public let roles: [String: [String]]
    public let inputs: ExpressionObject
    /// The test's own mocks, over the file's.
    public let mocks: [String: AuthorTestMock]
    public let steps: [AuthorTestStep]
    public let expect: AuthorTestExpect?
}

public struct AuthorTestStep: Sendable {
    public enum Kind: Sendable {
        /// A person takes an action; `refused` is the reason id the test expects it refused with.
        case act(person: String, action: String, task: String?, fields: ExpressionObject, comment: String?, refused: String?)
        case advance(DurationSpec)
        case advanceTo(AuthorTestTime)
        case tick
        case expect(AuthorTestExpect)
    }
    public let kind: Kind
    public let location: SourceLocation
}

/// Expectations; each key left out is not checked.
public struct AuthorTestExpect: Sendable {
    /// The current states (several with parallel branches or foreach items), in any order.
    public var state: [String]?
    public var outcome: String?
    /// The open tasks, exactly.
    public var tasks: [TaskExpectation]?
    /// Reminders and escalations that fired (each one expected must be found).
    public var reminders: [NoticeExpectation]?
    public var escalations: [NoticeExpectation]?
    /// Trail entry kinds that must appear in this order (others may come between).
    public var trail: [String]?
    public var vars: ExpressionObject?
    public var outputs: ExpressionObject?
    public let location: SourceLocation
}

public struct TaskExpectation: Sendable, Equatable {
    public let task: String
    public let assignees: [String]?
    public let due: AuthorTestTime?
}

public struct NoticeExpectation: Sendable, Equatable {
    public let task: String
    public let to: [String]
}

/// The outcomes an `outcome:` may name.
public enum AuthorTestOutcomes {
    public static let names = ["running", "completed", "rejected", "cancelled", "failed"]
}
