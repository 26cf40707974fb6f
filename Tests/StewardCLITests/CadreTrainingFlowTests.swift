import Foundation
import StewardTestSupport
import Testing

/// 干部思想教育培训, as init ships it: plan with a return loop, enrolment with leave, the
/// sessions, the assessment with a retake loop up to the limit, certificates, the ledger.
@Suite("shipped workflow: cadre-training")
struct CadreTrainingFlowTests {
    @Test("one cadre on leave, one certified, one fails the retake too; the certificate and the ledger package")
    func course() throws {
        try withTemporaryDirectory { dir in
            let office = try ShippedOffice(dir)
            let id = try office.start("cadre-training", as: "li.ming", inputs: ["course": "党的二十大精神专题培训", "year": "2026"],
                                      at: "2026-04-01T09:00")
            let sessions = "[{topic: 党章学习, teacher: 孙红, day: 2026-04-10}, {topic: 廉洁自律, day: 2026-04-17}]"
            try office.act(id, "submit", as: "li.ming", fields: ["goals": "提高理论水平", "sessions": sessions], at: "2026-04-01T09:00")
            try office.act(id, "return", as: "sun.hong", comment: "请增加一讲", at: "2026-04-01T10:00")
            // 李明 planned, so he may not approve (he is not the secretary either): refused, exit 2.
            try office.act(id, "submit", as: "li.ming", fields: ["goals": "提高理论水平", "sessions": sessions], at: "2026-04-02T09:00")
            try office.act(id, "approve", as: "li.ming", at: "2026-04-02T09:00", expecting: 2)
            try office.act(id, "approve", as: "sun.hong", at: "2026-04-02T10:00")

            try office.act(id, "enrol", as: "zhang.wei", at: "2026-04-03T09:00")
            try office.act(id, "excuse", as: "chen.jing", at: "2026-04-03T09:00", expecting: 2)   // leave needs a reason
            try office.act(id, "excuse", as: "chen.jing", comment: "外出学习", at: "2026-04-03T09:00")
            #expect(try office.tasks(id, at: "2026-04-03T09:00").map(\.state) == ["enrol"], "leave does not close the enrolment")
            try office.act(id, "enrol", as: "zhou.min", at: "2026-04-03T10:00")

            for topic in ["党章学习", "廉洁自律"] {
                let handle = try office.handle(id, titled: topic, at: "2026-04-10T16:00")
                try office.act(id, "done", as: "li.ming", state: handle, fields: ["present": "[zhang.wei, zhou.min]"], at: "2026-04-10T16:00")
            }
            #expect(try office.tasks(id, at: "2026-04-10T16:00").map(\.assignees) == [["zhang.wei"], ["zhou.min"]])
            try office.act(id, "submit", as: "zhang.wei", fields: ["essay": "学习体会"], at: "2026-04-13T09:00")
            try office.act(id, "submit", as: "zhou.min", fields: ["essay": "学习体会"], at: "2026-04-13T09:00")
            try office.act(id, "mark", as: "zhao.lei", state: try office.handle(id, titled: "zhang.wei", at: "2026-04-14T09:00"),
                           fields: ["score": "88"], at: "2026-04-14T09:00")
            try office.act(id, "mark", as: "zhao.lei", state: try office.handle(id, titled: "zhou.min", at: "2026-04-14T09:00"),
                           fields: ["score": "50"], at: "2026-04-14T09:00")
            try office.run(["tick"], at: "2026-04-14T09:01")
            // One retake (max_retakes defaults to 1), failed again: no third attempt.
            #expect(try office.tasks(id, at: "2026-04-14T09:01").map(\.assignees) == [["zhou.min"]])
            try office.act(id, "submit", as: "zhou.min", fields: ["essay": "重写的学习体会"], at: "2026-04-16T09:00")
            try office.act(id, "mark", as: "wang.fang", fields: ["score": "55"], at: "2026-04-17T09:00")
            try office.run(["tick"], at: "2026-04-17T09:01")

            let status = try office.status(id, at: "2026-04-17T09:01")
            #expect(status["status"] as? String == "completed")
            #expect((status["outputs"] as? [String: Any])?["certified"] as? [String] == ["zhang.wei"], "\(status)")
            #expect((status["outputs"] as? [String: Any])?["not_passed"] as? [String] == ["zhou.min"])
            let certificate = try office.document(id, "结业证书-zhang.wei.md")
            #expect(certificate.contains("学员 zhang.wei 参加2026年度「党的二十大精神专题培训」干部思想教育培训，考核成绩 88 分，准予结业。"), "\(certificate)")
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("documents/\(id)/结业证书-zhou.min.md").path))
            try office.verifyPackage("干部培训台账/2026", id)
        }
    }
}
