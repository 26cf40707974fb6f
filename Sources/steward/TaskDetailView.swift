import StewardEngine
import StewardModel

/// What a task asks of the person, under its line in `steward tasks`: why they have it,
/// the actions they can take and the form they fill in, labels first (`--json`: ids too).
struct TaskDetailView: Encodable {
    struct Action: Encodable {
        let name: String
        /// The state it leads to; nil for an abstention.
        let to: String?
        /// Offered only when its `if` holds.
        let conditional: Bool
        let abstain: Bool
        /// Fields (or `comment`) this action needs filled in.
        let require: [String]
    }

    struct Field: Encodable {
        let name: String, label: String?, type: String, required: Bool, values: [String]?
    }

    /// `role` (a role's member), `person` (named in the workflow), `named` (by an expression),
    /// `reassigned` (by an admin), `escalated` (a late task handed over).
    struct Why: Encodable {
        let kind: String, roles: [String], by: String?
    }

    let why: Why
    let actions: [Action]
    let form: [Field]

    init(_ details: TaskDetails) {
        let spec = details.spec
        actions = spec.actions.map {
            Action(name: $0.name, to: $0.target?.value, conditional: $0.condition != nil, abstain: $0.abstains,
                   require: $0.require.map(\.value))
        }
        form = spec.form.map { field in
            var values: [String]?
            if case .enumeration(let allowed) = field.type { values = allowed }
            return Field(name: field.name, label: field.label, type: field.type.description, required: field.required,
                         values: values)
        }
        switch (details.handOver, spec.assignee) {
        case (.reassigned(let by)?, _): why = Why(kind: "reassigned", roles: details.task.roles, by: by)
        case (.escalated?, _): why = Why(kind: "escalated", roles: details.task.roles, by: nil)
        case (nil, .role): why = Why(kind: "role", roles: details.task.roles, by: nil)
        case (nil, .person): why = Why(kind: "person", roles: [], by: nil)
        case (nil, .expression): why = Why(kind: "named", roles: details.task.roles, by: nil)
        }
    }

    /// The lines under the task's line, indented; CJK labels first, ids in brackets.
    func lines(_ display: Display, titles: [String: String]) -> [String] {
        let roles = why.roles.map { id in display.roster?.roles[id]?.title.map { "\($0) (\(id))" } ?? id }
            .joined(separator: "、")
        let reason = switch why.kind {
        case "role": "角色 \(roles)"
        case "person": "流程指定本人"
        case "named": "流程按输入或前面的办理结果指定" + (roles.isEmpty ? "" : "：角色 \(roles)")
        case "reassigned": "由管理员 \(why.by.map(display.person) ?? "") 转交"
        default: "逾期督办转交" + (roles.isEmpty ? "" : "：角色 \(roles)")
        }
        var lines = ["    原因：\(reason)"]
        let shown = actions.map { action -> String in
            var text = action.abstain ? "\(action.name)（弃权）" : action.name
            if let to = action.to { text += " → " + (titles[to].map { "\($0) (\(to))" } ?? to) }
            if action.conditional { text += "（有条件）" }
            if !action.require.isEmpty { text += "（须填 \(action.require.map { label(of: $0) }.joined(separator: "、"))）" }
            return text
        }
        if !shown.isEmpty { lines.append("    操作：" + shown.joined(separator: "；")) }
        let fields = form.map { field -> String in
            var text = "\(label(of: field.name)) \(field.type)"
            if let values = field.values { text += "（\(values.joined(separator: "/"))）" }
            return text + (field.required ? " 必填" : "")
        }
        if !fields.isEmpty { lines.append("    填写：" + fields.joined(separator: "；")) }
        return lines
    }

    /// `工作目标 (goals)`; the id alone without a label; `comment` is 意见.
    func label(of name: String) -> String {
        if name == "comment" { return "意见 (comment)" }
        guard let label = form.first(where: { $0.name == name })?.label, !label.isEmpty else { return name }
        return "\(label) (\(name))"
    }
}
