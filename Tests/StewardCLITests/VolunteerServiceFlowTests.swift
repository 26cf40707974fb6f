import Foundation
import StewardTestSupport
import Testing

/// 党员志愿服务活动, as init ships it: approval with a reject loop, a sign-up quota that
/// declines do not close, hours per volunteer summed, feedback, the ledger package.
@Suite("shipped workflow: volunteer-service")
struct VolunteerServiceFlowTests {
    func approved(_ office: ShippedOffice, quota: Int, closes: String) throws -> String {
        let id = try office.start("volunteer-service", as: "li.ming", inputs: ["quota": "\(quota)", "closes": closes],
                                  at: "2026-03-02T09:00")
        try office.act(id, "submit", as: "li.ming", fields: ["title": "植树", "day": "2026-03-14"], at: "2026-03-02T09:00")
        // Sent back once: the comment is required.
        try office.act(id, "reject", as: "sun.hong", at: "2026-03-02T10:00", expecting: 2)
        try office.act(id, "reject", as: "sun.hong", comment: "请补充安全预案", at: "2026-03-02T10:00")
        #expect(try office.tasks(id, at: "2026-03-02T10:00").map(\.state) == ["propose"])
        try office.act(id, "submit", as: "li.ming", fields: ["title": "植树", "day": "2026-03-14", "content": "含安全预案"],
                       at: "2026-03-03T09:00")
        try office.act(id, "approve", as: "sun.hong", at: "2026-03-03T10:00")
        try office.run(["tick"], at: "2026-03-03T10:01")   // the announcement
        return id
    }

    @Test("the quota is met although someone declined; hours are summed, a volunteer who never reports counts none; the ledger verifies")
    func quotaMet() throws {
        try withTemporaryDirectory { dir in
            let office = try ShippedOffice(dir)
            let id = try approved(office, quota: 2, closes: "2026-03-13")
            try office.act(id, "join", as: "zhang.wei", at: "2026-03-04T09:00")
            try office.act(id, "decline", as: "chen.jing", comment: "出差", at: "2026-03-04T09:00")
            #expect(try office.tasks(id, at: "2026-03-04T09:00").map(\.state) == ["sign-up"])
            try office.act(id, "join", as: "wang.fang", at: "2026-03-05T09:00")
            #expect(try office.tasks(id, at: "2026-03-05T09:00").map(\.state) == ["carry-out"])

            try office.act(id, "done", as: "li.ming", fields: ["summary": "植树120棵"], at: "2026-03-14T17:00")
            #expect(try office.tasks(id, at: "2026-03-14T17:00").map(\.assignees) == [["zhang.wei"], ["wang.fang"]])
            try office.act(id, "report", as: "zhang.wei", fields: ["served": "4.5", "feedback": "很有意义"], at: "2026-03-15T09:00")
            // 王芳 never reports: two working days after her deadline she is recorded as not reported.
            try office.run(["tick"], at: "2026-03-23T09:00")
            try office.act(id, "submit", as: "li.ming", fields: ["lessons": "提前联系园林部门"], at: "2026-03-23T10:00")
            try office.run(["tick"], at: "2026-03-23T10:01")

            let status = try office.status(id, at: "2026-03-23T10:01")
            #expect(status["status"] as? String == "completed")
            #expect((status["outputs"] as? [String: Any])?["total_hours"] as? Double == 4.5, "\(status)")
            #expect((status["outputs"] as? [String: Any])?["volunteers"] as? [String] == ["zhang.wei"])
            let record = try office.document(id, "志愿服务活动-植树.md")
            #expect(record.contains("- zhang.wei：4.5 小时。很有意义\n- wang.fang：未登记\n"), "\(record)")
            #expect(record.contains("合计：4.5 小时"), "\(record)")
            try office.verifyPackage("志愿服务台账/2026", id)
        }
    }

    @Test("at the closing date the sign-up goes on with whoever joined; with nobody it ends as cancelled")
    func closingDate() throws {
        try withTemporaryDirectory { dir in
            let office = try ShippedOffice(dir)
            let few = try approved(office, quota: 5, closes: "2026-03-13")
            try office.act(few, "join", as: "zhou.min", at: "2026-03-04T09:00")
            let nobody = try approved(office, quota: 5, closes: "2026-03-13")
            try office.run(["tick"], at: "2026-03-13T23:00")
            #expect(try office.tasks(few, at: "2026-03-13T23:00").map(\.state) == ["sign-up"])
            try office.run(["tick"], at: "2026-03-14T00:30")
            #expect(try office.tasks(few, at: "2026-03-14T00:30").map(\.state) == ["carry-out"])
            #expect(try office.status(nobody, at: "2026-03-14T00:30")["status"] as? String == "cancelled")
        }
    }
}
