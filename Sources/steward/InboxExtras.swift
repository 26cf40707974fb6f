import Foundation
import StewardEngine
import StewardTime

/// What `steward tasks` shows besides open tasks: for the admins, the steps a crash left
/// flagged (work only they can do: `steward resolve`); for a person, the messages `notify`
/// steps sent them lately (all notices: `steward notices`).
struct InboxExtras {
    /// How far back the inbox shows messages.
    static let messageDays = 7
    static let messageLimit = 5

    struct Flagged: Encodable {
        let instance: String, workflow: String, state: String, step: String, handler: String, flagged: String?, todo: String
        /// Why it is in this inbox: only a roster admin may resolve a flagged step.
        let why = "admin"
    }

    private(set) var flagged: [Flagged] = []
    private(set) var messages: [Notices.Item] = []

    init() {}

    /// `person`: the acting person, nil with `--all` (every flagged step, no messages).
    init(_ session: Session, person: String?, workflow: String?, since: String?) throws(EngineError) {
        let zone = session.project.zone
        let admin = person.map { session.project.roster?.admins.contains($0) == true } ?? true
        if admin {
            flagged = try session.engine.flaggedSteps().filter { workflow == nil || $0.workflow == workflow }.map {
                Flagged(instance: $0.instance, workflow: $0.workflow, state: $0.state, step: $0.step, handler: $0.handler,
                        flagged: $0.flaggedAt.map { Instant(millisecondsSinceEpoch: $0).iso8601(in: zone) },
                        todo: Self.todo($0))
            }
        }
        // Messages are not tasks: a narrowed list is about tasks only.
        guard let person, workflow == nil, since == nil else { return }
        let from = session.engine.now.adding(milliseconds: -Int64(Self.messageDays) * 86_400_000).millisecondsSinceEpoch
        var recent: [Notices.Item] = []
        try session.engine.notices(to: person, since: from) { sent in
            if sent.notice.reason == "notify" { recent.append(Notices.Item(sent, zone: zone)) }
        }
        messages = Array(recent.suffix(Self.messageLimit).reversed())
    }

    /// What the admin is asked to do, in the office's words.
    static func todo(_ step: FlaggedStep) -> String {
        "步骤 \(step.state)（\(step.handler)）在崩溃前可能已执行，请核实后 steward resolve \(step.instance) "
            + "--outcome succeeded|failed --reason …"
    }

    func print() {
        for step in flagged {
            Swift.print(Display.shown("\(step.instance)  \(step.state)  [flagged] \(step.todo)"))
        }
        guard !messages.isEmpty else { return }
        Swift.print("messages of the last \(Self.messageDays) days (all notices: steward notices):")
        for message in messages {
            Swift.print(Display.shown("  \(Display.moment(message.at))  \(message.subject)  \(message.instance)"))
        }
    }
}

/// `tasks --json`: the page, and the flagged steps and messages when there are any.
struct TasksJSON<Item: Encodable>: Encodable {
    let page: PageJSON<Item>
    let extras: InboxExtras

    private enum Keys: String, CodingKey { case flagged, messages }

    func encode(to encoder: any Encoder) throws {
        try page.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        if !extras.flagged.isEmpty { try container.encode(extras.flagged, forKey: .flagged) }
        if !extras.messages.isEmpty { try container.encode(extras.messages, forKey: .messages) }
    }
}
