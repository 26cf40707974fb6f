/// The keys of the smaller mappings of the language, read by the decoders and written into
/// `steward schema`: one table each, so the schema cannot drift from what is read.
/// (The top level, the states, fields, roster and project file keep theirs beside their decoder.)
enum KeyTables {
    static let assignee = ["role", "person"]
    static let abstention = ["kind", "require", "if"]
    static let taskAction = ["to", "require", "if", "set", "kind"]
    static let escalation = ["after", "to", "notify", "action"]
    static let retry = ["max", "interval", "backoff", "max_delay"]
    static let catchEntry = ["error", "to"]
    static let choiceEntry = ["if", "to"]
    static let subflow = ["start", "states"]
    static let schedule = ["cron", "inputs"]
}
