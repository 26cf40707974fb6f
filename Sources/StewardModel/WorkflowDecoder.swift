import Foundation
import StewardDiagnostics
import StewardTime
import StewardYAML

/// Turns a loaded YAML document into a `Workflow`, reporting every mismatch with the schema.
struct WorkflowDecoder {
    let reader: SchemaReader

    static let topKeys = ["steward", "id", "title", "description", "calendar", "timezone", "inputs", "roles",
                          "starters", "readers", "schedule", "start", "states", "outputs"]

    func decode(_ root: YAMLNode) -> Workflow? {
        guard let top = reader.mapping(root, "a workflow file") else { return nil }
        reader.checkKeys(top, allowed: Self.topKeys, required: ["steward", "id", "states"], "the workflow")
        var version = 1
        if let node = top["steward"], let v = reader.integer(node, "'steward'") {
            if v != 1 {
                reader.report(.languageVersion, at: reader.location(node),
                              "'steward: \(v)' is not a language version this Steward knows; write 'steward: 1'")
            }
            version = v
        }
        let id = top["id"].flatMap { workflowID($0) }
        let calendar = top["calendar"].flatMap { reader.locatedString($0, "'calendar'") }
        let timezone = top["timezone"].flatMap { zoneName($0) }
        let inputs = top["inputs"].map { FieldDecoder(reader: reader).fields($0, "'inputs'") } ?? []
        let roles = top["roles"].map { reader.words($0, "'roles'") } ?? []
        let starters = top["starters"].map { reader.words($0, "'starters'") } ?? []
        let schedule = top["schedule"].map { scheduleEntries($0, inputs: inputs) } ?? []
        let outputs = top["outputs"].map { namedTemplates($0, "'outputs'") } ?? []
        guard let flow = FlowDecoder(reader: reader).flow(start: top["start"], states: top["states"],
                                                          at: SchemaReader.location(top.range.start), "the workflow"),
              let id else { return nil }
        var workflow = Workflow(languageVersion: version, id: id,
                        title: top["title"].flatMap { reader.string($0, "'title'") },
                        description: top["description"].flatMap { reader.string($0, "'description'") },
                        calendar: calendar, timezone: timezone, inputs: inputs, roles: roles, starters: starters,
                        schedule: schedule, outputs: outputs, flow: flow)
        workflow.readers = top["readers"].map { readers($0) } ?? []
        return workflow
    }

    /// `readers: [{ role: union-office }, { person: "${{ inputs.worker }}" }]`.
    private func readers(_ node: YAMLNode) -> [Assignee] {
        guard let list = reader.sequence(node, "'readers'") else { return [] }
        let states = StateDecoder(reader: reader, flows: FlowDecoder(reader: reader))
        return list.items.compactMap { states.assignee($0, "an entry of 'readers'") }
    }

    private func workflowID(_ node: YAMLNode) -> Located<String>? {
        guard let id = reader.locatedString(node, "'id'") else { return nil }
        if !Names.isWorkflowID(id.value) {
            reader.report(.badID, at: id.location,
                          "'\(id.value)' is not a valid workflow id; use lower-case letters, digits and '-', starting with a letter or digit",
                          suggestion: "for example 'party-building-plan'")
        } else if Names.reservedWorkflowIDs.contains(id.value) {
            reader.report(.reservedID, at: id.location, "'\(id.value)' is reserved by Steward's commands; choose another id")
        }
        return id
    }

    private func zoneName(_ node: YAMLNode) -> Located<String>? {
        guard let name = reader.locatedString(node, "'timezone'") else { return nil }
        if TimeZone(identifier: name.value) == nil {
            reader.report(.badTimezone, at: name.location, "'\(name.value)' is not a known time zone",
                          suggestion: "write an IANA name such as 'Asia/Shanghai'")
        }
        return name
    }

    private func scheduleEntries(_ node: YAMLNode, inputs declared: [FieldSpec]) -> [ScheduleEntry] {
        guard let list = reader.sequence(node, "'schedule'") else { return [] }
        return list.items.compactMap { item -> ScheduleEntry? in
            guard let m = reader.mapping(item, "an entry of 'schedule'") else { return nil }
            reader.checkKeys(m, allowed: KeyTables.schedule, required: ["cron"], "a 'schedule' entry")
            guard let cronNode = m["cron"], let s = reader.scalar(cronNode, "'cron'") else { return nil }
            let inputs = m["inputs"].map { namedTemplates($0, "'inputs' of a schedule entry") } ?? []
            checkScheduleInputs(m["inputs"], declared: declared, at: reader.location(item))
            let cron: CronSchedule
            do throws(CronScheduleError) {
                cron = try CronSchedule(parsing: s.text)
            } catch {
                let quoted = s.style == .singleQuoted || s.style == .doubleQuoted
                let column = reader.location(cronNode).column + error.offset + (quoted ? 1 : 0)
                reader.report(.badCron, at: SourceLocation(line: s.range.start.line, column: column),
                              "'cron': \(error.message)",
                              notes: ["five fields: minute hour day-of-month month day-of-week, e.g. '0 9 * * mon-fri'"])
                return nil
            }
            return ScheduleEntry(cron: cron, inputs: Dictionary(inputs.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }),
                                 location: reader.location(cronNode))
        }
    }

    /// A scheduled start can only give inputs the workflow declares, and must give the required ones.
    private func checkScheduleInputs(_ node: YAMLNode?, declared: [FieldSpec], at entry: SourceLocation) {
        let names = declared.map(\.name)
        let pairs = node?.mapping?.pairs ?? []
        var given: [String] = []
        for pair in pairs {
            guard let key = pair.key.scalar?.text else { continue }
            given.append(key)
            if !names.contains(key) {
                let closest = Suggestions.closest(to: key, in: names)
                given += closest.map { [$0] } ?? []  // a misspelt required input is reported once
                reader.report(.unknownInput, at: reader.location(pair.key), "the workflow has no input named '\(key)'",
                              notes: names.isEmpty ? ["the workflow declares no 'inputs'"]
                                                   : ["inputs: \(names.joined(separator: ", "))"],
                              suggestion: closest.map { "did you mean '\($0)'?" })
            }
        }
        for input in declared where input.required && input.defaultValue == nil && !given.contains(input.name) {
            reader.report(.missingKey, at: entry, "this schedule entry does not give the required input '\(input.name)'",
                          notes: ["a scheduled start has no one to ask; give it under 'inputs', or a 'default' to the input"])
        }
    }

    /// A mapping of names to texts that may hold expressions.
    func namedTemplates(_ node: YAMLNode, _ what: String) -> [(name: String, value: TemplateText)] {
        namedTemplatesWithKeys(node, what).map { ($0.name, $0.value) }
    }

    /// As `namedTemplates`, with where each name is written (a finding about a name points at it).
    func namedTemplatesWithKeys(_ node: YAMLNode, _ what: String)
        -> [(name: String, key: SourceLocation, value: TemplateText)] {
        guard let m = reader.mapping(node, what) else { return [] }
        return m.pairs.compactMap { pair in
            guard let name = reader.string(pair.key, "a key of \(what)"),
                  let value = reader.template(pair.value, "'\(name)' of \(what)") else { return nil }
            return (name, reader.location(pair.key), value)
        }
    }
}
