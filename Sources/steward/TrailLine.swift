import Foundation
import StewardAudit
import StewardCore
import StewardTime

/// One trail entry as `steward audit log` prints it for an auditor: who, when, what moved,
/// under which definition, and why (the action and comment, the refusal, the reason).
enum TrailLine {
    static func text(_ entry: TrailEntry, zone: TimeZone) -> String {
        let at = Instant(millisecondsSinceEpoch: entry.at).iso8601(in: zone)
        let who = entry.person.isEmpty ? "(engine)" : entry.person
        let move = entry.fromState == entry.toState ? entry.toState : "\(entry.fromState) → \(entry.toState)"
        var line = "\(entry.seq)  \(at)  \(entry.event)  \(entry.instance)  \(move)  \(who)@\(entry.account)"
        line += "  def \(entry.definition.prefix(12))"
        let details = EntryDetails.parse(entry.details)
        if let why = details.flatMap(why) { line += "  — \(why)" }
        // An entry made under a fixed clock (STEWARD_NOW) says so: its time is not the machine's.
        if let clock = details?.clock { line += "  [clock: \(clock)]" }
        return line
    }

    /// The part of the details a reader of the log needs first.
    static func why(_ parsed: EntryDetails) -> String? {
        var parts: [String] = []
        if let refusal = parsed.refusal { parts.append("refused (\(refusal)): \(parsed.message ?? "")") }
        switch parsed.event {
        case let .acted(_, _, action, _, comment, onBehalfBy)?:
            if parsed.refusal == nil { parts.append("'\(action)'") }
            if let onBehalfBy { parts.append("by \(onBehalfBy) on their behalf") }
            if let comment, !comment.allSatisfy(\.isWhitespace) { parts.append("comment: \(comment)") }
        case let .ballotCast(_, _, onBehalfBy, tally)?:
            parts.append("secret ballot")
            if let onBehalfBy { parts.append("by \(onBehalfBy) on their behalf") }
            if let tally { parts.append("counted: " + tally.entries.map { "\($0.key) \($0.value.text)" }.joined(separator: ", ")) }
        case let .cancelled(reason, _)?:
            parts.append("reason: \(reason)")
        case let .reassigned(_, people, _, _, reason)?:
            if parsed.refusal == nil { parts.append("to \(people.joined(separator: ", "))") }
            parts.append("reason: \(reason)")
        case let .handlerFailed(_, kind, message, retryable)?:
            parts.append("failed (\(kind)\(retryable == false ? ", not retryable" : "")): \(message)")
        default:
            if parsed.refusal == nil, let message = parsed.message { parts.append(message) }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}
