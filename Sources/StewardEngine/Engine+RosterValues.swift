import StewardExpressions
import StewardModel

extension Engine {
    /// A `person` or `role` value (in a form or the inputs, at any depth of lists and objects)
    /// that the roster does not know: without this, a misspelt owner would get a task nobody
    /// can ever act on. Nil when every one is known, or when the project has no roster.
    func unknownRosterName(in value: ExpressionValue, spec: FieldSpec, path: String) -> String? {
        guard let roster = project.roster else { return nil }
        switch (spec.type, value) {
        case (.person, .string(let person)) where roster.people[person] == nil:
            let hint = Suggestions.didYouMean(person, in: roster.people.keys).map { "; \($0)" } ?? ""
            return "'\(person)' in \(path) is not a person of the roster\(hint)"
        case (.role, .string(let role)) where roster.roles[role] == nil:
            let hint = Suggestions.didYouMean(role, in: roster.roles.keys).map { "; \($0)" } ?? ""
            return "'\(role)' in \(path) is not a role of the roster\(hint)"
        case (.list(let item), .list(let values)):
            for (index, element) in values.enumerated() {
                if let problem = unknownRosterName(in: element, spec: item, path: "\(path)[\(index + 1)]") { return problem }
            }
            return nil
        case (.object(let fields), .object(let object)):
            for field in fields {
                guard let element = object[field.name] else { continue }
                if let problem = unknownRosterName(in: element, spec: field, path: "\(path).\(field.name)") { return problem }
            }
            return nil
        default:
            return nil
        }
    }

    /// Refuses values of `specs` that name people or roles the roster does not have.
    func checkRosterNames(_ values: ExpressionObject, specs: [FieldSpec], reason: String) throws(EngineError) {
        for spec in specs {
            guard let value = values[spec.name], let problem = unknownRosterName(in: value, spec: spec, path: spec.name)
            else { continue }
            throw EngineError(.refused, problem, reason: reason)
        }
    }
}

extension Engine {
    /// Ids for the examples in messages about list and object values: the acting person, and
    /// the first role of the roster, so that an example typed as shown is accepted.
    func fieldExamples(person: String?) -> FieldExamples {
        FieldExamples(person: person ?? project.roster?.people.keys.min(), role: project.roster?.roles.keys.min())
    }
}
