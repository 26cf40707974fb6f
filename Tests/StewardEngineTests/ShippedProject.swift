import Foundation
import StewardCore
import StewardEngine
import StewardTime
import Testing

/// A project holding the repository's shipped workflows, its working-day calendar and
/// templates, with a roster of the office's roles (union office, committee, cadres, delegates).
enum ShippedProject {
    static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let roster = """
        people:
          li.ming:   { name: 李明 }
          wang.fang: { name: 王芳 }
          zhang.wei: { name: 张伟 }
          chen.jing: { name: 陈静 }
          zhao.lei:  { name: 赵磊 }
          sun.hong:  { name: 孙红 }
          liu.yang:  { name: 刘洋 }
          zhou.min:  { name: 周敏 }
          wu.qiang:  { name: 吴强 }
          huang.li:  { name: 黄丽 }
        roles:
          union-office:     { title: 工会办公室, members: [li.ming, wang.fang] }
          union-committee:  { title: 工会委员会, members: [zhang.wei, chen.jing, zhao.lei] }
          branch-secretary: { title: 支部书记, members: [sun.hong] }
          members:          { title: 全体党员/会员, members: [li.ming, wang.fang, zhang.wei, chen.jing, zhao.lei, sun.hong] }
          cadres:           { title: 干部, members: [liu.yang, zhou.min] }
          delegates:        { title: 职工代表, members: [chen.jing, liu.yang, zhou.min, wu.qiang, huang.li] }
        admins: [sun.hong]

        """

    /// A project with the shipped workflow `id` (read from workflows/), the calendar and templates.
    static func make(_ id: String) throws -> TestProject {
        let text = try String(contentsOf: package.appendingPathComponent("workflows/\(id).yaml"), encoding: .utf8)
        let project = try TestProject(workflows: [id: text])
        let fm = FileManager.default
        try Data(roster.utf8).write(to: project.root.appendingPathComponent("roster.yaml"))
        try fm.createDirectory(at: project.root.appendingPathComponent("calendars"), withIntermediateDirectories: true)
        try Data(contentsOf: package.appendingPathComponent("calendars/cn-workdays.yaml"))
            .write(to: project.root.appendingPathComponent("calendars/cn-workdays.yaml"))
        try fm.createDirectory(at: project.root.appendingPathComponent("templates"), withIntermediateDirectories: true)
        for name in ["resolution.md", "plan.md"] {
            try Data(contentsOf: package.appendingPathComponent("templates/\(name)"))
                .write(to: project.root.appendingPathComponent("templates/\(name)"))
        }
        return project
    }

    static func person(_ id: String) -> ActorIdentity { ActorIdentity(person: id, account: id, host: "h") }

    /// The notices `person` was sent, in trail order.
    static func notices(_ engine: Engine, to person: String) throws -> [Notice] {
        var all: [Notice] = []
        try engine.notices(to: person, since: 0) { all.append($0.notice) }
        return all
    }
}
