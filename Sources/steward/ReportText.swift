import Foundation
import StewardTime

/// The words of the auditor's report, the same in HTML and Markdown: headings in Chinese
/// and English, times in the office's time zone.
struct ReportText {
    let zone: TimeZone
    let generated: String

    init(zone: TimeZone, now: Instant, version: String) {
        self.zone = zone
        generated = "生成于 Generated \(Self.time(now.millisecondsSinceEpoch, zone)) by steward \(version); "
            + "时区 time zone \(zone.identifier)"
    }

    static let verifiedOK = "✔ 审计记录验证通过 The trail verifies"
    static let verifiedFailed = "✘ 审计记录验证失败：记录已被改动，本报告内容不可信 THE TRAIL DOES NOT VERIFY: it was altered; "
        + "nothing in this report can be relied on"
    static let instanceAltered = "✘ 验证发现此实例的记录有问题 Verification found a problem in this instance's records"
    static let noInstances = "此期间没有活动的实例 No instance was active in this period"
    static let secretChoice = "已投票（无记名）voted (secret ballot)"
    static let summaryColumns = ["实例 Instance", "流程 Workflow", "状态 Status", "开始 Started", "记录 Entries",
                                 "决定 Decisions", "逾期 Missed", "时钟 Clock"]
    static let timelineColumns = ["#", "时间 When", "人员 Who", "事件 Event", "状态 States", "内容 What", "意见 Comment",
                                  "期限 Deadline", "定义 Definition"]
    static let voteColumns = ["人员 Who", "时间 When", "选择 Choice", "表单 Form", "意见 Comment", "期限 Deadline"]

    static func clockMark(_ clock: String) -> String { "⚠ 人工时钟 clock set: \(clock)" }
    /// The short mark in the HTML timeline (the override itself in its tooltip and the facts above).
    static let clockFlag = "⚠ 人工时钟 clock set by hand"

    static func time(_ ms: Int64, _ zone: TimeZone) -> String {
        let iso = Instant(millisecondsSinceEpoch: ms).iso8601(in: zone)
        // 2026-11-02T09:00:00.000+08:00 → 2026-11-02 09:00:00 +08:00
        let date = iso.prefix(10)
        let clock = iso.dropFirst(11).prefix(8)
        let offset = iso.suffix(from: iso.index(iso.startIndex, offsetBy: min(iso.count, 19))).drop { $0 == "." || $0.isNumber }
        return "\(date) \(clock) \(offset)"
    }

    func time(_ ms: Int64) -> String { Self.time(ms, zone) }

    func who(_ person: String, _ name: String?, _ account: String?) -> String {
        guard !person.isEmpty else { return "(系统 engine)" + (account.map { " @\($0)" } ?? "") }
        let shown = name.map { "\($0) (\(person))" } ?? person
        return shown + (account.map { " @\($0)" } ?? "")
    }

    func fieldName(_ field: ReportInstance.Field) -> String {
        field.label.map { "\($0) (\(field.id))" } ?? field.id
    }

    func deadline(_ deadline: ReportInstance.Deadline) -> String {
        (deadline.met ? "按时 met" : "逾期 missed") + " (\(time(deadline.due)))"
    }

    func checkpoints(_ files: [String]) -> String {
        files.isEmpty ? "核对的检查点 Checkpoints checked against: 无 none (--checkpoint FILE anchors the trail)"
            : "核对的检查点 Checkpoints checked against: " + files.joined(separator: ", ")
    }

    func periodHeading(_ period: ReportPeriod) -> String {
        "期间汇总 Period \(period.sinceText) – \(period.untilText): \(period.instances.count) 个实例 instances"
    }

    func instanceHeading(_ instance: ReportInstance) -> String {
        (instance.workflowTitle.map { "\($0) " } ?? "") + "— \(instance.id)"
    }

    func facts(_ instance: ReportInstance) -> [(String, String)] {
        var facts: [(String, String)] = [
            ("流程 Workflow", instance.workflowID),
            ("状态 Status", instance.status),
            ("开始 Started", time(instance.startedAt)),
            ("定义 Definition", instance.definitions.joined(separator: ", ")),
            ("名册 Roster snapshot", instance.environments.isEmpty ? "(none recorded)" : instance.environments.joined(separator: ", ")),
            ("记录 Entries", "\(instance.rows.count)"),
        ]
        if instance.refusals > 0 { facts.append(("拒绝 Refused attempts", "\(instance.refusals)")) }
        facts.append(("逾期 Deadlines missed", "\(instance.missedDeadlines)"))
        if instance.clockOverrides > 0 {
            facts.append(("⚠ 人工时钟 Clock overrides",
                          "\(instance.clockOverrides) entries made under a clock set by hand (STEWARD_NOW): their times are not the machine's"))
        }
        return facts
    }

    func summaryCells(_ instance: ReportInstance) -> [String] {
        [instance.id, instance.workflowTitle.map { "\($0) (\(instance.workflowID))" } ?? instance.workflowID, instance.status,
         time(instance.startedAt), "\(instance.rows.count)", "\(instance.decisions.count)", "\(instance.missedDeadlines)",
         instance.clockOverrides > 0 ? "⚠ \(instance.clockOverrides)" : ""]
    }

    func decisionHeading(_ decision: ReportInstance.Decision) -> String {
        "\(decision.title) (\(decision.state.isEmpty ? decision.task : decision.state))"
            + (decision.secret ? " — 无记名投票 secret ballot" : "")
    }

    func decisionSummary(_ decision: ReportInstance.Decision) -> String {
        var parts: [String] = []
        parts.append("结果 Outcome: " + (decision.outcome ?? "未决 not decided"))
        parts.append("计票 Tally: " + decision.tally.map { "\($0.action) \($0.count)" }.joined(separator: ", "))
        if let due = decision.due { parts.append("期限 Due: \(time(due))") }
        return parts.joined(separator: "; ")
    }
}
