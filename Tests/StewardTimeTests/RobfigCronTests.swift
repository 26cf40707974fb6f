import Foundation
import Testing
@testable import StewardTime

/// Cases from robfig/cron's spec_test.go and parser_test.go (`robfig_cases.json`).
struct RobfigCases: Decodable {
    struct Activation: Decodable, CustomStringConvertible {
        let time_iso: String
        let spec: String
        let expected: Bool
        var description: String { "'\(spec)' at \(time_iso)" }
    }

    struct Next: Decodable, CustomStringConvertible {
        let time_iso: String
        let spec: String
        let expected_iso: String?
        let unsatisfiable: Bool
        let tz: String?
        var description: String { "'\(spec)' after \(time_iso)" }
    }

    struct NextWithZone: Decodable {
        let time: String
        let spec: String
        let expected: String
    }

    struct ScheduleError: Decodable {
        let expr: String
        let err: String
    }

    struct RangeCase: Decodable, CustomStringConvertible {
        let expr: String
        let min: Int
        let max: Int
        let err: String
        var description: String { "'\(expr)' in \(min)–\(max)" }
    }

    let activation: [Activation]
    let next: [Next]
    let next_with_tz: [NextWithZone]
    let errors_standard: [String]
    let parse_schedule_errors: [ScheduleError]
    let range: [RangeCase]

    static func load() throws -> RobfigCases {
        try TestData.decode(RobfigCases.self, suite: "cron/robfig_cases.json")
    }
}

@Suite struct RobfigCronTests {
    let utc = TimeZone(identifier: "UTC") ?? TimeZone.current

    /// A date-time with an offset, or a naive one read as wall-clock time in `zone`.
    func instant(_ text: String, in zone: TimeZone) throws -> Instant {
        if let instant = try? Instant(iso8601: text) { return instant }
        let day = try date(String(text.prefix(10)))
        let clock = text.dropFirst(11).split(separator: ":").compactMap { Int($0) }
        let local = try #require(LocalDateTime(date: day, hour: clock[0], minute: clock[1], second: clock.count > 2 ? clock[2] : 0))
        return Instant(local: local, in: zone)
    }

    @Test func activationTableHolds() throws {
        let cases = try RobfigCases.load().activation
        #expect(cases.count == 29)
        for test in cases {
            let schedule = try CronSchedule(parsing: test.spec)
            let moment = try instant(test.time_iso, in: utc)
            // Vixie rule: '*/10' starts with '*', so it is ANDed with 'Sun'; Sunday the 15th is
            // not day 1, 11, 21 or 31. robfig (and croniter) OR a stepped '*' field.
            let expected = test.spec == "* * */10 * Sun" ? false : test.expected
            #expect(schedule.matches(moment.local(in: utc)) == expected, "\(test)")
            let fired = schedule.next(after: moment.adding(milliseconds: -60_000), in: utc) == moment
            #expect(fired == expected, "\(test)")
        }
    }

    /// Robfig's TestNext uses a 6-field parser with SECONDS first. A case whose seconds
    /// field is `0` is the 5-field schedule of its other fields; the ones with other seconds
    /// (`15/35 …`) need a seconds field steward does not have and are skipped. A `TZ=` prefix
    /// becomes the zone argument; naive times are wall-clock times in that zone (UTC if none),
    /// and the DST cases without a prefix were run by robfig with New York as local time.
    @Test func nextTableHoldsForFiveFieldSpecs() throws {
        let cases = try RobfigCases.load().next
        var checked = 0
        for test in cases {
            var fields = test.spec.split(separator: " ").map(String.init)
            var zoneName = test.tz
            if let prefix = fields.first, prefix.contains("=") {
                zoneName = String(prefix.split(separator: "=")[1])
                fields.removeFirst()
            }
            if zoneName == nil, test.time_iso.hasSuffix("-04:00") || test.time_iso.hasSuffix("-05:00") {
                zoneName = "America/New_York"
            }
            guard fields.count == 6, fields[0] == "0" else { continue }  // needs a seconds field
            let spec = fields.dropFirst().joined(separator: " ")
            let zone = try #require(TimeZone(identifier: zoneName ?? "UTC"))
            if test.unsatisfiable {
                // robfig returns a zero time at run time; steward refuses such a schedule when it is read.
                #expect(throws: CronScheduleError.self, "\(test)") { try CronSchedule(parsing: spec) }
                checked += 1
                continue
            }
            let schedule = try CronSchedule(parsing: spec)
            let ours = schedule.next(after: try instant(test.time_iso, in: zone), in: zone)
            let theirs = try instant(try #require(test.expected_iso), in: zone)
            let expected = try Self.deviations[test.time_iso + " " + spec].map { try Instant(iso8601: $0) } ?? theirs
            #expect(ours == expected, "\(test): got \(ours?.iso8601(in: zone) ?? "nil")")
            checked += 1
        }
        #expect(checked == 52)
    }

    /// Where steward's documented policies differ from robfig's, keyed by base time and
    /// 5-field spec, with steward's answer.
    static let deviations: [String: String] = [
        // Vixie rule: '*/5' starts with '*', so day-of-month and day-of-week are ANDed
        // (robfig and croniter OR them because the step makes the field "restricted").
        // The first Monday on a day 1, 6, 11, … in August 2012 is the 6th.
        "2012-07-09T23:35:00 0 0 */5 Apr,Aug,Oct Mon": "2012-08-06T00:00:00Z",
        // Spring forward: 02:30 and 02:00 do not exist on 2012-03-11 in New York. robfig skips
        // the day; steward fires once at the end of the gap, as croniter and cronsim do.
        "2012-03-11T00:00:00-05:00 30 2 11 Mar ?": "2012-03-11T03:00:00-04:00",
        "2012-03-11T00:00:00-05:00 0 2 * * ?": "2012-03-11T03:00:00-04:00",
        // Fall back: a fixed-time schedule fires at the first 01:30 / 01:00 only; robfig and
        // croniter fire again at the repeated one.
        "2012-11-04T01:45:00-04:00 30 1 04 Nov ?": "2013-11-04T01:30:00-05:00",
        "2012-11-04T01:00:00-04:00 0 1 * * ?": "2012-11-05T01:00:00-05:00",
    ]

    @Test func nextWithFixedOffsetZone() throws {
        for test in try RobfigCases.load().next_with_tz {
            let zone = try #require(TimeZone(secondsFromGMT: 5 * 3600 + 30 * 60))
            let schedule = try CronSchedule(parsing: test.spec)
            #expect(schedule.next(after: try Instant(iso8601: test.time), in: zone) == (try Instant(iso8601: test.expected)), "\(test.spec)")
        }
    }

    @Test func standardErrorsAreRejected() throws {
        let specs = try RobfigCases.load().errors_standard
        #expect(specs.count == 4)
        for spec in specs {
            #expect(throws: CronScheduleError.self, "\(spec)") { try CronSchedule(parsing: spec) }
        }
    }

    @Test func scheduleErrorsAreRejected() throws {
        let cases = try RobfigCases.load().parse_schedule_errors
        #expect(cases.count == 5)
        for test in cases {
            #expect(throws: CronScheduleError.self, "\(test.expr)") { try CronSchedule(parsing: test.expr) }
        }
    }

    /// Robfig's getRange is tested with arbitrary bounds; steward's fields have fixed ones.
    /// The cases bounded 0–7 are run in the day-of-week field (bounds 0–7); the error cases
    /// are syntax errors in any field, except the two about the custom bounds 3–5
    /// ('1' below minimum, '6' above maximum), which no 5-field field has and are skipped.
    @Test func rangeTableHoldsInTheDayOfWeekField() throws {
        var checked = 0
        for test in try RobfigCases.load().range {
            let spec = "0 0 * * \(test.expr)"
            if test.err.isEmpty {
                guard test.min == 0, test.max == 7 else { continue }
                #expect(throws: Never.self, "\(test)") { try CronSchedule(parsing: spec) }
            } else {
                guard !test.err.contains("minimum"), !test.err.contains("maximum") else { continue }
                #expect(throws: CronScheduleError.self, "\(test)") { try CronSchedule(parsing: spec) }
            }
            checked += 1
        }
        #expect(checked == 16)
    }
}
