import Foundation
import Testing
@testable import StewardTime

/// `cron_next_vectors.json`: the next 5 fire times after a base, from croniter 7.0.0 and cronsim 2.8.
struct CronNextVectors: Decodable {
    enum Outcome: Decodable, Equatable {
        case times([String])
        case error(String)

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let times = try? container.decode([String].self) {
                self = .times(times)
            } else {
                self = .error(try container.decode(String.self))
            }
        }
    }

    struct Vector: Decodable, CustomStringConvertible {
        let expr: String
        let base: String
        let tz: String
        let croniter: Outcome
        let cronsim: Outcome
        let agree: Bool
        var description: String { "'\(expr)' after \(base) in \(tz)" }
    }

    let vectors: [Vector]

    static func load() throws -> [Vector] {
        try TestData.decode(CronNextVectors.self, suite: "cron/cron_next_vectors.json").vectors
    }
}

/// Where the two reference libraries disagree, the side steward follows.
///
/// - cronsim, because it is Vixie/Debian cron:
///   `6/1` in day-of-week means 6 through 7 (Saturday and Sunday), `7/2` means just 7 (Sunday)
///   — croniter wraps 7 to 0 before stepping; `*/2` in day-of-month starts with `*`, so it is
///   ANDed with day-of-week — croniter ORs it; `*,sat#3` contains `*`, so every day matches;
///   single-value ranges `5-5`, `59-59/15`, `JAN-JAN`, `1-1` mean that one value — croniter
///   widens them; a repeated wall-clock hour fires a fixed-time schedule (`30 1 * * *`) once,
///   as the design requires — croniter fires it twice.
/// - croniter, because the design asks for them: `?` as `*` and the `@daily`-style macros,
///   which cronsim 2.8 rejects.
/// - neither (steward rejects the expression): `L` inside day-of-week (`L5`, `L2,L4`), `W`,
///   ranges ending in `L` (`25-L`, `1-l/8`) and `#` after a range (`MON-FRI#1`) — non-standard
///   extensions an organizer should not need; the error says what to write instead.
enum DisagreementPolicy {
    case cronsim, croniter, reject

    static func side(for expression: String) -> DisagreementPolicy? {
        switch expression {
        case "* * * * 6/1", "* * * * 7/2", "* * */2 * Sun", "0 0 * * *,sat#3", "0 0 * JAN-JAN *", "0 0 1 1-1 0",
             "1-1,59/15,55-59/2 * * * *", "5-5 * * * *", "59-59/15 * * * *",
             "0 1 * * *", "00 01 * * *", "30 1 * * *", "50 1 * * *":
            return .cronsim
        case "0 0 1 * ?", "30 08 15 Jul ?", "@daily", "@hourly", "@weekly", "@yearly":
            return .croniter
        case "0 0 * * L2,L4", "0 0 * * L6", "0 1,5 * * L5", "0,30 1,5 * * L5", "0 0 1W * *", "0 9 15W * *",
             "0 9 30W * *", "0 9 31W * *", "0 0 25-L 1 0", "35 * 1-l/8 * *", "30 23 1-7 JAN MON-FRI#1":
            return .reject
        default:
            return nil
        }
    }
}

@Suite struct CronVectorTests {
    /// Each zone with its number of agreeing vectors in the suite.
    static let zones = [("UTC", 619), ("America/New_York", 305), ("Europe/Berlin", 154), ("Asia/Shanghai", 154)]

    /// The next five fire times as ISO strings, or nil when the expression is rejected.
    static func fireTimes(_ vector: CronNextVectors.Vector) throws -> [Instant]? {
        let zone = try #require(TimeZone(identifier: vector.tz))
        guard let schedule = try? CronSchedule(parsing: vector.expr) else { return nil }
        var times: [Instant] = []
        var after = try Instant(iso8601: vector.base)
        for _ in 0..<5 {
            guard let next = schedule.next(after: after, in: zone) else { break }
            times.append(next)
            after = next
        }
        return times
    }

    static func expected(_ outcome: CronNextVectors.Outcome) throws -> [Instant]? {
        guard case let .times(texts) = outcome else { return nil }
        return try texts.map { text throws(DateTimeError) in try Instant(iso8601: text) }
    }

    @Test(arguments: zones)
    func everyAgreeingVectorHolds(zone: String, count: Int) throws {
        let vectors = try CronNextVectors.load().filter { $0.agree && $0.tz == zone }
        #expect(vectors.count == count)
        for vector in vectors {
            let ours = try Self.fireTimes(vector)
            let theirs = try Self.expected(vector.croniter)
            #expect(ours == theirs, "\(vector): got \(ours?.map(\.iso8601) ?? ["rejected"])")
        }
    }

    @Test func everyDisagreeingVectorFollowsTheDocumentedSide() throws {
        let vectors = try CronNextVectors.load().filter { !$0.agree }
        #expect(vectors.count == 200)
        for vector in vectors {
            let side = try #require(DisagreementPolicy.side(for: vector.expr), "no policy for \(vector)")
            let ours = try Self.fireTimes(vector)
            switch side {
            case .cronsim: #expect(ours == (try Self.expected(vector.cronsim)), "\(vector)")
            case .croniter: #expect(ours == (try Self.expected(vector.croniter)), "\(vector)")
            case .reject: #expect(ours == nil, "\(vector)")
            }
        }
    }

    /// A few disagreements spelled out, so a reader sees each policy at work.
    @Test func namedDisagreements() throws {
        let newYork = try #require(TimeZone(identifier: "America/New_York"))
        let utc = try #require(TimeZone(identifier: "UTC"))
        // Fall back: 01:30 happens twice on 2025-11-02; a fixed-time schedule fires at the first only.
        let fallBack = try CronSchedule(parsing: "30 1 * * *")
        let first = try #require(fallBack.next(after: Instant(iso8601: "2025-11-02T00:30:00-04:00"), in: newYork))
        #expect(first == (try Instant(iso8601: "2025-11-02T01:30:00-04:00")))
        #expect(fallBack.next(after: first, in: newYork) == (try Instant(iso8601: "2025-11-03T01:30:00-05:00")))
        // Vixie: '*/2' starts with '*', so day-of-month and day-of-week must both match (odd-day Sundays).
        let sundays = try CronSchedule(parsing: "* * */2 * Sun")
        #expect(sundays.next(after: try Instant(iso8601: "2024-01-01T00:00:00Z"), in: utc) == (try Instant(iso8601: "2024-01-07T00:00:00Z")))
        // '59-59/15' is the single minute 59, not every quarter hour.
        let single = try CronSchedule(parsing: "59-59/15 * * * *")
        #expect(single.next(after: try Instant(iso8601: "2024-01-01T00:00:00Z"), in: utc) == (try Instant(iso8601: "2024-01-01T00:59:00Z")))
        // '?' and macros are accepted (cronsim 2.8 rejects them).
        #expect(try CronSchedule(parsing: "@daily").next(after: Instant(iso8601: "2024-07-15T12:34:56Z"), in: utc)
            == (try Instant(iso8601: "2024-07-16T00:00:00Z")))
        // 'L5' (last Friday, croniter's spelling) is refused with a hint.
        #expect { try CronSchedule(parsing: "0 0 * * L5") } throws: { error in
            (error as? CronScheduleError)?.message.contains("non-standard") == true
        }
    }
}
