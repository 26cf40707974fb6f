import Foundation
import StewardAudit
import StewardCore
import StewardExpressions
import StewardModel
import StewardTime

extension AuthorTestSession {
    /// Checks `expect` against the instance now; every key not met is a difference.
    func check(_ expect: AuthorTestExpect, line: Int, step: String) throws {
        let state = try current()
        var differences: [AuthorTestDifference] = []
        let entries = try trail()
        if let expected = expect.state {
            let actual = state.status == .running ? state.currentStates : Self.finalState(entries).map { [$0] } ?? []
            if expected.sorted() != actual.sorted() {
                differences.append(.init(what: "state", expected: expected.joined(separator: ", "),
                                         actual: actual.isEmpty ? "(none)" : actual.joined(separator: ", ")))
            }
        }
        if let expected = expect.outcome, expected != state.status.rawValue {
            differences.append(.init(what: "outcome", expected: expected, actual: state.status.rawValue))
        }
        if let expected = expect.tasks { differences += compareTasks(expected, state.tasks) }
        if let expected = expect.reminders { differences += compareNotices(expected, fired(entries, reason: "reminder"), what: "reminder") }
        if let expected = expect.escalations {
            differences += compareNotices(expected, fired(entries, reason: "escalation"), what: "escalation")
        }
        if let expected = expect.trail { differences += compareTrail(expected, entries) }
        if let expected = expect.vars { differences += compareObject(expected, state.vars, prefix: "vars") }
        if let expected = expect.outputs { differences += compareObject(expected, state.outputs, prefix: "outputs") }
        guard differences.isEmpty else {
            throw stop(line: line, step: step, "\(differences.count) expectation\(differences.count == 1 ? "" : "s") not met",
                       differences)
        }
    }

    /// The final state an ended instance reached, from the note of the entry that entered it.
    static func finalState(_ entries: [TrailEntry]) -> String? {
        for entry in entries.reversed() {
            for note in (EntryDetails.parse(entry.details)?.notes ?? []).reversed() where note.scope == 0 {
                let prefix = "entered final '"
                guard note.what.hasPrefix(prefix), note.what.hasSuffix("'") else { continue }
                return String(note.what.dropFirst(prefix.count).dropLast())
            }
        }
        return nil
    }

    // MARK: tasks

    private func compareTasks(_ expected: [TaskExpectation], _ open: [OpenTask]) -> [AuthorTestDifference] {
        var left = open
        var missing: [TaskExpectation] = []
        for want in expected {
            if let i = left.firstIndex(where: { fits(want, $0) }) { left.remove(at: i) } else { missing.append(want) }
        }
        var differences: [AuthorTestDifference] = []
        for want in missing {
            // Shown beside the open task of the same state, when there is one: the difference is then plain.
            let near = left.firstIndex { $0.state == want.task }
            differences.append(.init(what: "task \(want.task)", expected: describe(want),
                                     actual: near.map { describe(left[$0]) } ?? "(not open)"))
            if let near { left.remove(at: near) }
        }
        for task in left {
            differences.append(.init(what: "task \(task.state)", expected: "(not open)", actual: describe(task)))
        }
        return differences
    }

    private func fits(_ want: TaskExpectation, _ task: OpenTask) -> Bool {
        guard want.task == task.state else { return false }
        if let people = want.assignees, people.sorted() != task.assignees.sorted() { return false }
        if let due = want.due {
            guard let at = task.dueAt else { return false }
            let zone = engine.project.zone
            switch due {
            case .date(let day): return at.localDate(in: zone) == day
            case .local, .instant: return minute(at) == minute(due.instant(in: zone))
            }
        }
        return true
    }

    private func describe(_ want: TaskExpectation) -> String {
        var text = want.task
        if let people = want.assignees { text += " → " + people.joined(separator: ", ") }
        if let due = want.due {
            switch due {
            case .date(let day): text += ", due \(day)"
            default: text += ", due \(minute(due.instant(in: engine.project.zone)))"
            }
        }
        return text
    }

    private func describe(_ task: OpenTask) -> String {
        task.state + " → " + task.assignees.sorted().joined(separator: ", ") + (task.dueAt.map { ", due \(minute($0))" } ?? "")
    }

    /// `2026-03-20 09:00`, in office time.
    func minute(_ instant: Instant) -> String {
        let local = instant.local(in: engine.project.zone)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(local.date) \(two(local.hour)):\(two(local.minute))"
    }

    // MARK: reminders, escalations, trail

    func trail() throws -> [TrailEntry] {
        var entries: [TrailEntry] = []
        do {
            try engine.trail(instance: instance, person: nil, since: nil, until: nil) { entries.append($0) }
        } catch {
            throw stop(line: test.location.line, step: "reading the trail", error.message, isError: true)
        }
        return entries
    }

    /// The notices with `reason` the trail holds: the state of their task and whom they told.
    private func fired(_ entries: [TrailEntry], reason: String) -> [(state: String, people: [String])] {
        entries.flatMap { entry in
            (EntryDetails.parse(entry.details)?.notices ?? []).filter { $0.reason == reason }.map { notice in
                (notice.task.flatMap { taskStates[$0] } ?? entry.fromState, notice.people)
            }
        }
    }

    private func compareNotices(_ expected: [NoticeExpectation], _ fired: [(state: String, people: [String])],
                                what: String) -> [AuthorTestDifference] {
        expected.compactMap { want in
            let found = fired.contains { $0.state == want.task && Set(want.to).isSubset(of: $0.people) }
            guard !found else { return nil }
            let seen = fired.map { "\($0.state) → \($0.people.joined(separator: ", "))" }
            return .init(what: what, expected: want.task + (want.to.isEmpty ? "" : " → " + want.to.joined(separator: ", ")),
                         actual: seen.isEmpty ? "(none fired)" : seen.joined(separator: "; "))
        }
    }

    /// The kinds each entry answers to: its event, and `reminded`, `escalated`, `overdue` for
    /// the timer entries that told people so.
    static func kinds(of entry: TrailEntry) -> Set<String> {
        var kinds: Set<String> = [entry.event]
        for notice in EntryDetails.parse(entry.details)?.notices ?? [] {
            switch notice.reason {
            case "reminder": kinds.insert("reminded")
            case "escalation": kinds.insert("escalated")
            case "overdue": kinds.insert("overdue")
            default: break
            }
        }
        return kinds
    }

    private func compareTrail(_ expected: [String], _ entries: [TrailEntry]) -> [AuthorTestDifference] {
        var next = 0
        for entry in entries where next < expected.count && Self.kinds(of: entry).contains(expected[next]) { next += 1 }
        guard next < expected.count else { return [] }
        let actual = entries.map { Self.kinds(of: $0).sorted().joined(separator: "+") }
        let after = next == 0 ? "" : " after '\(expected[next - 1])'"
        return [.init(what: "trail", expected: expected.joined(separator: ", ") + " (no '\(expected[next])'\(after))",
                      actual: actual.joined(separator: ", "))]
    }

    // MARK: values

    private func compareObject(_ expected: ExpressionObject, _ actual: ExpressionObject, prefix: String) -> [AuthorTestDifference] {
        expected.entries.compactMap { name, want in
            let have = actual[name]
            guard let have, Self.matches(want, have) else {
                return .init(what: "\(prefix).\(name)", expected: want.json, actual: have?.json ?? "(not set)")
            }
            return nil
        }
    }

    /// Whether `actual` is what the test wrote: objects by the keys written, numbers by value,
    /// and a date or time by its text (a test file writes them as text).
    static func matches(_ expected: ExpressionValue, _ actual: ExpressionValue) -> Bool {
        switch (expected, actual) {
        case let (.object(want), .object(have)):
            return want.entries.allSatisfy { name, value in have[name].map { matches(value, $0) } ?? false }
        case let (.list(want), .list(have)):
            return want.count == have.count && zip(want, have).allSatisfy { matches($0, $1) }
        default:
            return expected.equals(actual) || (expected.typeName == "string" && expected.text == actual.text)
        }
    }
}
