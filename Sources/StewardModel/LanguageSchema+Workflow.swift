/// The workflow file's schema: the top level, a state per `type`, fields, assignees.
enum WorkflowSchema {
    static func top(_ b: inout SchemaBuilder) -> [String: Any] {
        b.object("workflow", keys: WorkflowDecoder.topKeys, required: ["steward", "id", "start", "states"], [
            "steward": ["type": "integer", "enum": [1]],
            "id": Shape.workflowID,
            "title": Shape.text, "description": Shape.text, "calendar": Shape.string, "timezone": Shape.string,
            "inputs": Shape.map(Shape.ref("field")),
            "roles": Shape.words, "starters": Shape.words, "readers": Shape.list(Shape.ref("assignee")),
            "schedule": Shape.list(b.object("schedule", keys: KeyTables.schedule, required: ["cron"], [
                "cron": Shape.string, "inputs": Shape.map(Shape.text),
            ])),
            "start": Shape.string,
            "states": Shape.ref("states"),
            "outputs": Shape.map(Shape.text),
        ])
    }

    static func definitions(_ b: inout SchemaBuilder) -> [String: Any] {
        var defs: [String: Any] = [
            "states": ["type": "object", "minProperties": 1, "additionalProperties": Shape.ref("state")],
            "state": state(),
            "subflow": b.object("subflow", keys: KeyTables.subflow, required: ["start", "states"], [
                "start": Shape.string, "states": Shape.ref("states"),
            ]),
            "assignee": b.object("assignee", keys: KeyTables.assignee, [
                "role": Shape.string, "person": Shape.string,
            ]).merging(["minProperties": 1, "maxProperties": 1]) { a, _ in a },
            "field": field(&b),
            "join": ["anyOf": [Shape.oneWord(["all", "any"]), ["type": "integer", "minimum": 1]]],
        ]
        defs["task"] = task(&b)
        defs["taskAction"] = ["anyOf": [Shape.string, b.object("taskAction", keys: KeyTables.taskAction, [
            "to": Shape.string, "require": Shape.words, "if": Shape.text, "set": Shape.map(Shape.text),
            "kind": Shape.oneWord(["abstain"]),
        ])]]
        let next = Shape.string
        defs["action"] = b.object("action", keys: StateDecoder.actionKeys, required: ["type", "uses"], common([
            "uses": Shape.string, "with": [:], "next": next, "output": Shape.string, "timeout": Shape.string,
            "retry": b.object("retry", keys: KeyTables.retry, required: ["max"], [
                "max": ["type": "integer", "minimum": 0, "maximum": 100],
                "interval": Shape.string, "backoff": Shape.string, "max_delay": Shape.string,
            ]),
            "catch": Shape.list(b.object("catch", keys: KeyTables.catchEntry, required: ["error", "to"], [
                "error": Shape.string, "to": Shape.string,
            ])),
        ]))
        defs["choice"] = b.object("choice", keys: StateDecoder.choiceKeys, required: ["type", "choices"], common([
            "choices": Shape.list(b.object("choiceEntry", keys: KeyTables.choiceEntry, required: ["if", "to"], [
                "if": Shape.text, "to": Shape.string,
            ])),
            "default": Shape.string,
        ]))
        defs["wait"] = b.object("wait", keys: StateDecoder.waitKeys, required: ["type"], common([
            "for": Shape.string, "until": Shape.text, "next": next,
        ]))
        defs["parallel"] = b.object("parallel", keys: StateDecoder.parallelKeys, required: ["type", "branches"], common([
            "branches": Shape.map(Shape.ref("subflow")), "join": Shape.ref("join"), "next": next,
        ]))
        defs["foreach"] = b.object("foreach", keys: StateDecoder.foreachKeys, required: ["type", "items", "do"], common([
            "items": Shape.text, "as": Shape.string, "do": Shape.ref("subflow"), "join": Shape.ref("join"), "next": next,
        ]))
        defs["workflow"] = b.object("subworkflow", keys: StateDecoder.subworkflowKeys, required: ["type", "uses"], common([
            "uses": Shape.workflowID, "with": Shape.map(Shape.text), "next": next,
        ]))
        defs["final"] = b.object("final", keys: StateDecoder.finalKeys, required: ["type"], common([
            "outcome": Shape.oneWord(Outcome.allCases.map(\.rawValue)),
        ]))
        return defs
    }

    /// The keys every state has, added to a type's own.
    static func common(_ shapes: [String: [String: Any]]) -> [String: [String: Any]] {
        shapes.merging(["type": Shape.oneWord(StateKind.typeNames), "title": Shape.text, "description": Shape.text]) { a, _ in a }
    }

    /// A state: its `type` picks the closed schema of that type.
    static func state() -> [String: Any] {
        let byType: [[String: Any]] = StateKind.typeNames.map { name in
            ["if": ["properties": ["type": ["const": name]], "required": ["type"]], "then": Shape.ref(name)]
        }
        return ["type": "object", "required": ["type"],
                "properties": ["type": Shape.oneWord(StateKind.typeNames)], "allOf": byType]
    }

    static func task(_ b: inout SchemaBuilder) -> [String: Any] {
        let assignees: [String: Any] = ["anyOf": [Shape.ref("assignee"), Shape.list(Shape.ref("assignee"))]]
        let threshold: [String: Any] = ["type": ["string", "integer"]]
        return b.object("task", keys: StateDecoder.taskKeys, required: ["type", "assignee"], common([
            "assignee": Shape.ref("assignee"),
            "quorum": ["anyOf": [threshold, ["type": "object", "minProperties": 1,
                                               "properties": ["secret": ["type": "boolean"]],
                                               "additionalProperties": threshold]]],
            "separate_from": Shape.words,
            "form": Shape.map(Shape.ref("field")),
            "actions": ["type": "object", "minProperties": 1, "additionalProperties": Shape.ref("taskAction")],
            "due": Shape.string,
            "remind": ["anyOf": [Shape.string, Shape.list(Shape.string)]],
            "escalate": Shape.list(b.object("escalate", keys: KeyTables.escalation, required: ["after"], [
                "after": Shape.string, "to": Shape.ref("assignee"), "notify": assignees, "action": Shape.string,
            ])),
        ]))
    }

    /// A field: the short form (`year: integer`) or the long one.
    static func field(_ b: inout SchemaBuilder) -> [String: Any] {
        var long = b.object("field", keys: FieldDecoder.keys, required: ["type"], [
            "type": Shape.oneWord(FieldType.names), "required": Shape.boolean, "default": [:],
            "min": ["type": "number"], "max": ["type": "number"], "pattern": Shape.string,
            "label": Shape.text, "description": Shape.text,
            "values": ["anyOf": [Shape.text, Shape.list(Shape.text)]],
            "items": Shape.ref("field"), "fields": Shape.map(Shape.ref("field")),
        ])
        long["if"] = ["properties": ["type": ["const": "enum"]], "required": ["type"]]
        long["then"] = ["required": ["values"]]
        let short = Shape.oneWord(FieldType.names.filter { !["enum", "list", "object"].contains($0) })
        return ["anyOf": [short, long]]
    }
}

/// The roster's and the project file's schemas.
enum RosterSchema {
    static func top(_ b: inout SchemaBuilder) -> [String: Any] {
        let person = b.object("person", keys: RosterLoader.personKeys, [
            "name": Shape.text, "account": Shape.text,
            "email": ["type": "string", "pattern": "^[^@\\s<>()\\[\\],;:\"\\\\]+@[^@\\s<>()\\[\\],;:\"\\\\]+\\.[^@\\s.<>()\\[\\],;:\"\\\\]+$"],
            "phone": ["type": ["string", "integer"], "pattern": "^[0-9 +()-]+$"],
        ])
        let role = b.object("role", keys: RosterLoader.roleKeys, ["title": Shape.text, "members": Shape.words])
        return b.object("roster", keys: RosterLoader.topKeys, required: ["people"], [
            "people": ["type": "object", "propertyNames": ["pattern": Shape.rosterID], "additionalProperties": person],
            "roles": ["type": "object", "propertyNames": ["pattern": Shape.rosterID], "additionalProperties": role],
            "admins": Shape.words,
        ])
    }

    static func project(_ b: inout SchemaBuilder) -> [String: Any] {
        let handler: [String: Any] = ["type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"]
        let paths = ["store", "roster", "workflows", "calendars", "plugins", "ledger", "outbox", "checkpoint_key",
                     "documents", "templates", "secrets"]
        var shapes: [String: [String: Any]] = Dictionary(uniqueKeysWithValues: paths.map { ($0, Shape.string) })
        shapes["timezone"] = Shape.string
        shapes["identity"] = Shape.oneWord(ProjectConfig.Identity.allCases.map(\.rawValue))
        shapes["allow_shell"] = Shape.boolean
        shapes["catch_up"] = Shape.oneWord(ProjectConfig.CatchUp.allCases.map(\.rawValue))
        shapes["clock"] = Shape.oneWord(ProjectConfig.Clock.allCases.map(\.rawValue))
        shapes["step_concurrency"] = ["type": "integer", "minimum": 1, "maximum": 64]
        shapes["trail_chains"] = ["type": "integer", "minimum": 1, "maximum": 4096]
        shapes["channels"] = ["anyOf": [handler, Shape.list(handler)]]
        shapes["checkpoints"] = b.object("checkpoints", keys: CheckpointPolicy.keys, required: ["folder"], [
            "every": ["type": "integer", "minimum": 1], "daily": Shape.boolean, "folder": Shape.string,
        ])
        return b.object("project", keys: ProjectConfig.keys, shapes)
    }
}
