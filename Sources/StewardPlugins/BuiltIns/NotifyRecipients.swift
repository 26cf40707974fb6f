import StewardExpressions

/// The people a `recipients` value names: a person or role id, `{ person: P }`, `{ role: R }`
/// (whose value may be a list, as an expression gives it), or a list of these.
enum Recipients {
    /// Each person once, in the order named; a role gives its members in the roster's order.
    /// A name the roster does not have, or names as both a person and a role, fails the call:
    /// no retry can mend it.
    static func people(in value: ExpressionValue, roster: HandlerRoster) throws(StepFailure) -> [String] {
        var people: [String] = []
        try collect(value, kind: nil, roster: roster, into: &people)
        guard !people.isEmpty else {
            throw StepFailure(kind: "no-recipients", message: "notify 'to' names nobody: \(describe(value)) gives no person (a role without members?)",
                              retryable: false)
        }
        return people
    }

    private enum Kind: String { case person, role }

    private static func collect(_ value: ExpressionValue, kind: Kind?, roster: HandlerRoster,
                                into people: inout [String]) throws(StepFailure) {
        switch value {
        case .string(let name):
            for person in try members(name, kind: kind, roster: roster) where !people.contains(person) {
                people.append(person)
            }
        case .list(let items):
            for item in items { try collect(item, kind: kind, roster: roster, into: &people) }
        case .object(let object) where kind == nil && object.count == 1:
            let (key, inner) = object.entries[0]
            guard let kind = Kind(rawValue: key) else { throw shape(value) }
            try collect(inner, kind: kind, roster: roster, into: &people)
        default:
            throw shape(value)
        }
    }

    private static func members(_ name: String, kind: Kind?, roster: HandlerRoster) throws(StepFailure) -> [String] {
        let person = roster.people[name] != nil
        let role = roster.roles[name]
        switch kind {
        case .person?:
            guard person else { throw unknown("'\(name)' is not a person of the roster") }
            return [name]
        case .role?:
            guard let role else { throw unknown("'\(name)' is not a role of the roster") }
            return role
        case nil:
            if person, role != nil {
                throw unknown("'\(name)' is both a person and a role of the roster; write { person: \(name) } or { role: \(name) }")
            }
            if person { return [name] }
            if let role { return role }
            throw unknown("'\(name)' is neither a person nor a role of the roster")
        }
    }

    private static func unknown(_ message: String) -> StepFailure {
        StepFailure(kind: "unknown-recipient", message: "notify 'to': " + message, retryable: false)
    }

    private static func shape(_ value: ExpressionValue) -> StepFailure {
        StepFailure(kind: "unknown-recipient",
                    message: "notify 'to' takes a person or role id, { person: P }, { role: R } or a list of them; got \(describe(value))",
                    retryable: false)
    }

    private static func describe(_ value: ExpressionValue) -> String {
        let text = value.json
        return text.count > 80 ? String(text.prefix(80)) + "…" : text
    }
}
