import ArgumentParser
import Foundation
import StewardModel

/// `steward init`: scaffolds a project in the current (or given) folder.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a project: steward.yaml, roster.yaml, workflows/, calendars/ (cn-workdays) and templates/.",
        discussion: "Existing files are never overwritten.")

    @Argument(help: "The folder (default: the current one).") var folder: String = "."
    @Option(help: "'manual' for a demo or test project, where STEWARD_NOW may set the time; 'system' (the default) for an office.")
    var clock: String = "system"

    func validate() throws {
        guard ["system", "manual"].contains(clock) else {
            throw ValidationError("--clock takes 'system' or 'manual'; got '\(clock)'")
        }
    }

    func run() throws {
        let root = URL(fileURLWithPath: folder)
        let fm = FileManager.default
        var made: [String] = []
        func write(_ relative: String, _ text: String) throws {
            let url = root.appendingPathComponent(relative)
            guard !fm.fileExists(atPath: url.path) else { return }
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            // The files an editor checks name their schema first (docs/cli.md, `steward schema`).
            try Data(SchemaModeline.adding(to: text, at: relative).utf8).write(to: url)
            made.append(relative)
        }
        do {
            try write("steward.yaml", Self.projectFile(clock: clock))
            try write("roster.yaml", Self.rosterFile)
            // Compiled in, not read from a resource bundle: a `steward` copied alone still has them.
            for (path, text) in ProjectTemplates.files { try write(path, text) }
            try fm.createDirectory(at: root.appendingPathComponent("plugins"), withIntermediateDirectories: true)
            for schema in LanguageSchema.allCases { try write("\(LanguageSchema.folder)/\(schema.fileName)", schema.text) }
        } catch {
            throw Failure.report(.init(.store, "cannot create the project: \(error.localizedDescription)"))
        }
        print(made.isEmpty ? "nothing to do: the project files already exist" : "created \(made.joined(separator: ", "))")
    }

    static func projectFile(clock: String) -> String {
        let line = clock == "manual"
            ? "clock: manual                   # a demo or test project: STEWARD_NOW may set the time (the trail marks it)\n"
            : "clock: system                   # 'manual' only for demo and test projects (STEWARD_NOW)\n"
        return projectText + line
    }

    static let projectText = """
        # Steward project file. Paths are relative to this folder.
        store: .steward/steward.db      # SQLite, the embedded store
        roster: roster.yaml
        workflows: workflows/
        calendars: calendars/
        plugins: plugins/
        timezone: Asia/Shanghai
        identity: declared              # or: os (the OS account must match the person)
        allow_shell: false
        ledger: ledger/                 # where archive packages go
        outbox: outbox/                 # where notify writes messages
        templates: templates/           # the templates render fills in
        documents: documents/           # where render writes documents, a folder per instance
        catch_up: once                  # cron starts missed while nothing ran: once, skip or all

        """

    static let rosterFile = """
        # People and roles. 'account' is the OS account, used when identity is 'os'.
        # The shipped workflows use every role below.
        people:
          li.ming:   { name: 李明, account: liming, email: li.ming@example.org }
          zhang.wei: { name: 张伟, account: zhangwei }
          chen.jing: { name: 陈静, account: chenjing }
          zhao.lei:  { name: 赵磊, account: zhaolei }
          sun.hong:  { name: 孙红, account: sunhong }
          wang.fang: { name: 王芳, account: wangfang }
          liu.yang:  { name: 刘洋, account: liuyang }
          zhou.min:  { name: 周敏, account: zhoumin }
          wu.gang:   { name: 吴刚, account: wugang }
          xu.li:     { name: 徐丽, account: xuli }
          ma.jun:    { name: 马骏, account: majun }
          hu.jie:    { name: 胡杰, account: hujie }
        roles:
          union-office:     { title: 工会办公室, members: [li.ming] }
          union-committee:  { title: 工会委员会, members: [zhang.wei, chen.jing, zhao.lei] }
          branch-secretary: { title: 支部书记, members: [sun.hong] }
          assessment-group: { title: 考核小组, members: [zhao.lei, wang.fang, liu.yang] }
          cadres:           { title: 干部, members: [zhang.wei, chen.jing, zhou.min] }
          delegates:        { title: 职工代表, members: [wang.fang, liu.yang, zhou.min, wu.gang, xu.li, ma.jun, hu.jie] }
          members:
            title: 全体党员/会员
            members: [li.ming, zhang.wei, chen.jing, zhao.lei, sun.hong, wang.fang, liu.yang, zhou.min, wu.gang, xu.li, ma.jun, hu.jie]
        admins: [sun.hong]

        """
}
