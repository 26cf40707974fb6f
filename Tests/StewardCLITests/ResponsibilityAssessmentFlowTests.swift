import Foundation
import StewardTestSupport
import Testing

/// 落实党建工作责任制, as init ships it: the quarterly start, a self-report per unit, every
/// assessor's score kept and the average deciding, rectification under supervision, rewards and
/// penalties, the quarter's report and ledger package.
@Suite("shipped workflow: responsibility-assessment")
struct ResponsibilityAssessmentFlowTests {
    @Test("a quarter end to end: a late self-report escalates, the average decides, a rectification is sent back once, the ledger verifies")
    func quarter() throws {
        try withTemporaryDirectory { dir in
            let office = try ShippedOffice(dir)
            let id = try office.start("responsibility-assessment", as: "li.ming", inputs: ["year": "2026", "quarter": "1"],
                                      at: "2026-03-20T09:00")
            #expect(try office.tasks(id, at: "2026-03-20T09:00").map(\.assignees) == [["zhang.wei"], ["chen.jing"], ["li.ming"]])
            try office.act(id, "submit", as: "zhang.wei", fields: ["summary": "四项责任全部落实"], at: "2026-03-23T09:00")
            try office.act(id, "submit", as: "chen.jing", fields: ["summary": "基本落实"], at: "2026-03-23T09:00")
            // 李明 misses the deadline (10 working days): the union office is told, the task stays his.
            try office.run(["tick"], at: "2026-04-07T09:00")
            let told = try office.run(["notices", "--as", "li.ming"], at: "2026-04-07T09:00").stdout
            #expect(told.contains("督办：党建工作责任制自查：工会办公室  [escalation]"), "\(told)")
            #expect(!told.contains("督办：党建工作责任制自查：机关第一党支部"), "\(told)")
            try office.act(id, "submit", as: "li.ming", fields: ["summary": "台账不全"], at: "2026-04-07T10:00")

            let first = try office.handle(id, titled: "机关第一党支部", at: "2026-04-07T10:00")
            let second = try office.handle(id, titled: "机关第二党支部", at: "2026-04-07T10:00")
            let third = try office.handle(id, titled: "工会办公室", at: "2026-04-07T10:00")
            // 70, 75, 80 average 75: below the bar of 80 although one assessor gave 80.
            for (person, scores) in [("zhao.lei", ["95", "85", "80"]), ("wang.fang", ["90", "85", "75"]), ("liu.yang", ["92", "85", "70"])] {
                for (handle, score) in zip([first, second, third], scores) {
                    try office.act(id, "rate", as: person, state: handle, fields: ["score": score], at: "2026-04-08T09:00")
                }
            }
            // Only the unit's head rectifies: anyone else is refused (exit 2), and nothing moves.
            let refused = try office.act(id, "report", as: "wang.fang", fields: ["measures": "代为整改"], at: "2026-04-08T09:00", expecting: 2)
            #expect(refused.stderr.contains("[not-eligible]"), "\(refused)")
            #expect(try office.tasks(id, at: "2026-04-08T09:00").map(\.state) == ["rectify"])

            try office.act(id, "report", as: "li.ming", fields: ["measures": "补齐台账"], at: "2026-04-09T09:00")
            try office.act(id, "redo", as: "zhao.lei", comment: "仍缺三月份记录", at: "2026-04-10T09:00")
            try office.act(id, "report", as: "li.ming", fields: ["measures": "补齐一至三月台账"], at: "2026-04-13T09:00")
            try office.act(id, "accept", as: "wang.fang", at: "2026-04-14T09:00")
            try office.act(id, "confirm", as: "sun.hong", fields: ["rewards": "通报表扬机关第一党支部", "penalties": "工会办公室年度考核扣2分"],
                           at: "2026-04-15T09:00")
            try office.run(["tick"], at: "2026-04-15T09:01")

            let status = try office.status(id, at: "2026-04-15T09:01")
            #expect(status["status"] as? String == "completed")
            let outputs = status["outputs"] as? [String: Any]
            #expect(outputs?["commended"] as? [String] == ["机关第一党支部"], "\(String(describing: outputs))")
            #expect(outputs?["rectified"] as? [String] == ["工会办公室"])
            let report = try office.document(id, "2026年第1季度党建工作责任制考核.md")
            #expect(report.contains("- 机关第一党支部（第一责任人 zhang.wei）：评分 95、90、92，平均 92.3"), "\(report)")
            #expect(report.contains("- 工会办公室（第一责任人 li.ming）：评分 80、75、70，平均 75，未达标，已整改：补齐一至三月台账"), "\(report)")
            #expect(report.contains("- 处罚：工会办公室年度考核扣2分"), "\(report)")
            try office.verifyPackage("党建台账/2026/第1季度", id)
        }
    }

    @Test("the schedule starts the quarter's assessment on the 20th of its last month, with the quarter computed")
    func scheduled() throws {
        try withTemporaryDirectory { dir in
            let office = try ShippedOffice(dir)
            try office.run(["tick"], at: "2026-06-19T09:00")
            try office.run(["tick"], at: "2026-06-20T09:00")
            let listed = try office.run(["status"], at: "2026-06-20T09:01").stdout
            let id = try #require(listed.split(separator: " ").first.map(String.init), "\(listed)")
            #expect(id.hasPrefix("responsibility-assessment-20260620-"), "\(listed)")
            let inputs = try office.status(id, at: "2026-06-20T09:01")["inputs"] as? [String: Any]
            #expect(inputs?["quarter"] as? Int == 2, "typed as the workflow declares it")
            #expect(inputs?["year"] as? Int == 2026)
        }
    }
}
