import StewardTestSupport
import Foundation
import Testing

/// `status` and `tasks` narrowed and paged from the command line, as an organizer types it.
@Suite("list options")
struct ListOptionTests {
    /// Three plans, started on 2 November, early on 3 November (still the 2nd in UTC) and on
    /// 4 November; li.ming submits the second, the third is cancelled by sun.hong.
    private static func office(in dir: URL) throws -> (run: ([String]) throws -> StewardProcess.Result, ids: [String]) {
        #expect(try StewardProcess.run(["init", "--clock", "manual"], in: dir).status == 0)
        func run(_ arguments: [String], at time: String) throws -> StewardProcess.Result {
            try StewardProcess.run(arguments, in: dir, environment: ["STEWARD_NOW": time])
        }
        var ids: [String] = []
        // sun.hong starts the third (and later cancels it): li.ming takes no part in it.
        for (time, starter) in [("2026-11-02T09:00:00+08:00", "li.ming"), ("2026-11-03T07:00:00+08:00", "li.ming"),
                                ("2026-11-04T09:00:00+08:00", "sun.hong")] {
            let started = try run(["start", "party-building-plan", "--as", starter, "--input", "year=2026"], at: time)
            ids.append(try #require(started.stdout.split(separator: " ").dropFirst().first.map { String($0.dropLast()) }))
        }
        let submitted = try run(["act", ids[1], "submit", "--as", "li.ming", "--field", "goals=计划", "--field", "items=[]"],
                                at: "2026-11-04T10:00:00+08:00")
        #expect(submitted.status == 0, "\(submitted)")
        #expect(try run(["cancel", ids[2], "--reason", "重复", "--as", "sun.hong"], at: "2026-11-04T11:00:00+08:00").status == 0)
        return ({ try run($0, at: "2026-11-05T09:00:00+08:00") }, ids)
    }

    /// The ids each line of a list begins with (its last line may be the note).
    private static func listed(_ result: StewardProcess.Result) -> [String] {
        // Indented lines are a task's details (why, actions, form), not items.
        result.stdout.split(separator: "\n").filter { !$0.hasPrefix(" ") }.map { String($0.split(separator: " ")[0]) }
    }

    @Test("status --workflow, --status, --since (a day in the office's zone) and --person; a misspelt value is helped")
    func statusFilters() throws {
        try withTemporaryDirectory { dir in
            let (run, ids) = try Self.office(in: dir)
            #expect(Self.listed(try run(["status"])) == [ids[2], ids[1], ids[0]])
            #expect(Self.listed(try run(["status", "--status", "running"])) == [ids[1], ids[0]])
            #expect(Self.listed(try run(["status", "--status", "cancelled"])) == [ids[2]])
            #expect(try run(["status", "--status", "completed"]).stdout == "no instances match\n")
            // 07:00 on 3 November in Shanghai is in the 3rd, though still the 2nd in UTC.
            #expect(Self.listed(try run(["status", "--since", "2026-11-03"])) == [ids[2], ids[1]])
            #expect(Self.listed(try run(["status", "--workflow", "party-building-plan", "--status", "running"])) == [ids[1], ids[0]])
            // li.ming acted on the second and the first waits for him; the third's task closed unanswered.
            #expect(Self.listed(try run(["status", "--person", "li.ming"])) == [ids[1], ids[0]])
            // The committee has the second's review open; sun.hong cancelled the third.
            #expect(Self.listed(try run(["status", "--person", "zhang.wei"])) == [ids[1]])
            #expect(Self.listed(try run(["status", "--person", "sun.hong"])) == [ids[2]])

            let typo = try run(["status", "--status", "runing"])
            #expect(typo.status == 64)
            #expect(typo.stderr.contains("--status takes running, completed, rejected, cancelled, failed; got 'runing'; did you mean 'running'?"),
                    "\(typo)")
            let workflow = try run(["status", "--workflow", "party-bulding-plan"])
            #expect(workflow.status == 0)
            #expect(workflow.stdout == "no instances match ('party-bulding-plan' is none of the project's workflows; did you mean 'party-building-plan'?)\n")
            let person = try run(["status", "--person", "li.mng"])
            #expect(person.stdout == "no instances match ('li.mng' is not in the roster; did you mean 'li.ming'?)\n")
            let since = try run(["status", "--since", "yesterday"])
            #expect(since.status == 64)
            #expect(since.stderr.contains("--since takes a date (2026-11-25) or an ISO 8601 time; got 'yesterday'"), "\(since)")
            let mixed = try run(["status", ids[0], "--status", "running"])
            #expect(mixed.status == 64)
            #expect(mixed.stderr.contains("leave them out to show one instance"), "\(mixed)")
        }
    }

    @Test("tasks --workflow and --since (opened since) with --as or --all")
    func taskFilters() throws {
        try withTemporaryDirectory { dir in
            let (run, ids) = try Self.office(in: dir)
            // The committee's review is one task, with their votes.
            #expect(Self.listed(try run(["tasks", "--all"])) == [ids[0], ids[1]])
            #expect(Self.listed(try run(["tasks", "--all", "--since", "2026-11-04"])) == [ids[1]])
            #expect(Self.listed(try run(["tasks", "--as", "zhang.wei", "--since", "2026-11-04T10:00:00+08:00"])) == [ids[1]])
            #expect(Self.listed(try run(["tasks", "--as", "li.ming", "--workflow", "party-building-plan"])) == [ids[0]])
            #expect(try run(["tasks", "--as", "li.ming", "--since", "2026-11-04"]).stdout == "nothing that matches waits for li.ming\n")
            let other = try run(["tasks", "--all", "--workflow", "leave"])
            #expect(other.stdout == "no open tasks match ('leave' is none of the project's workflows)\n", "\(other)")
        }
    }

    @Test("--limit cuts a list and the last line says so with the next page; --after goes on; JSON has total and next")
    func pages() throws {
        try withTemporaryDirectory { dir in
            let (run, ids) = try Self.office(in: dir)
            let first = try run(["status", "--limit", "2"])
            #expect(first.stdout == """
                \(ids[2])  party-building-plan  cancelled
                \(ids[1])  party-building-plan  review
                showing 1-2 of 3 instances; next page: --after \(ids[1])

                """, "\(first)")
            let second = try run(["status", "--limit", "2", "--after", ids[1]])
            #expect(second.stdout == "\(ids[0])  party-building-plan  draft\nshowing 3-3 of 3 instances\n", "\(second)")
            // A whole list says nothing more.
            #expect(try run(["status", "--limit", "3"]).stdout.split(separator: "\n").count == 3)

            let tasks = try run(["tasks", "--all", "--limit", "1", "--brief"])
            let note = try #require(tasks.stdout.split(separator: "\n").last.map(String.init))
            #expect(note.hasPrefix("showing 1-1 of 2 tasks; next page: --after \(ids[0])."), "\(tasks)")
            let cursor = String(note.dropFirst("showing 1-1 of 2 tasks; next page: --after ".count))
            let rest = try run(["tasks", "--all", "--after", cursor, "--brief"])
            #expect(Self.listed(rest) == [ids[1], "showing"])
            #expect(rest.stdout.hasSuffix("\nshowing 2-2 of 2 tasks\n"), "\(rest)")

            let json = try run(["status", "--status", "running", "--limit", "1", "--json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            #expect((object["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [ids[1]])
            #expect(object["total"] as? Int == 2 && object["offset"] as? Int == 0 && object["next"] as? String == ids[1])
            let whole = try run(["tasks", "--all", "--json"])
            let inbox = try #require(try JSONSerialization.jsonObject(with: Data(whole.stdout.utf8)) as? [String: Any])
            #expect((inbox["items"] as? [Any])?.count == 2 && inbox["total"] as? Int == 2 && inbox["next"] == nil)

            for arguments in [["status", "--limit", "0"], ["tasks", "--all", "--limit", "-3"], ["status", "--limit", "many"]] {
                let bad = try run(arguments)
                #expect(bad.status == 64, "\(arguments): \(bad)")
            }
            #expect(try run(["status", "--limit", "0"]).stderr.contains("--limit takes a number of items, 1 or more; got 0"))
            let unknown = try run(["status", "--after", "nope-1234"])
            #expect(unknown.status == 3 && unknown.stderr.contains("no instance 'nope-1234'"), "\(unknown)")
            let unknownTask = try run(["tasks", "--all", "--after", "nope"])
            #expect(unknownTask.status == 3 && unknownTask.stderr.contains("no task 'nope'"), "\(unknownTask)")
        }
    }
}
