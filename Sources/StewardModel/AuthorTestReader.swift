import StewardDiagnostics
import StewardExpressions
import StewardTime
import StewardYAML

/// What a test file is checked against: the roster, the workflows, and the words the
/// engine gives refusals and trail entries.
public struct AuthorTestContext: Sendable {
    public let roster: Roster?
    /// The workflow with this id, or why there is none.
    public let workflow: @Sendable (String) -> Result<CompiledWorkflow, AuthorTestLookupError>
    public let refusalReasons: [String]
    public let trailKinds: [String]

    public init(roster: Roster?, refusalReasons: [String], trailKinds: [String],
                workflow: @escaping @Sendable (String) -> Result<CompiledWorkflow, AuthorTestLookupError>) {
        self.roster = roster
        self.workflow = workflow
        self.refusalReasons = refusalReasons
        self.trailKinds = trailKinds
    }
}

public struct AuthorTestLookupError: Error, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
}

/// Reads a test file with the workflows' YAML reader and checks it as `validate` checks a
/// workflow: every problem is a finding at its line and column, and the file is not run.
public enum AuthorTestReader {
    public static func read(_ source: YAMLSource, context: AuthorTestContext)
        -> (file: AuthorTestFile?, diagnostics: [Diagnostic]) {
        let (document, yamlFindings) = YAMLLoader().loadSingleDocument(source)
        guard let document else { return (nil, yamlFindings) }
        let reader = SchemaReader(file: source.path)
        guard let m = reader.mapping(document.root, "the test file") else { return (nil, yamlFindings + reader.diagnostics) }
        reader.checkKeys(m, allowed: ["workflow", "clock", "mocks", "tests"], required: ["workflow", "tests"], "the test file")
        guard let idNode = m["workflow"], let id = reader.locatedString(idNode, "'workflow'") else {
            return (nil, yamlFindings + reader.diagnostics)
        }
        let compiled: CompiledWorkflow
        switch context.workflow(id.value) {
        case .success(let found): compiled = found
        case .failure(let error):
            reader.report(.unknownWorkflow, at: id.location, error.message)
            return (nil, yamlFindings + reader.diagnostics)
        }
        let body = TestBody(reader: reader, context: context, workflow: compiled)
        let clock = m["clock"].flatMap { body.time($0, "'clock'") }
        let mocks = m["mocks"].map { body.mocks($0) } ?? [:]
        var tests: [AuthorTest] = []
        if let node = m["tests"], let list = reader.sequence(node, "'tests'") {
            if list.items.isEmpty { reader.report(.badValue, at: reader.location(node), "'tests' lists no test") }
            var names: Set<String> = []
            for item in list.items {
                guard let test = body.test(item) else { continue }
                if !names.insert(test.name).inserted {
                    reader.report(.badValue, at: test.location, "two tests are named '\(test.name)'; each name must be unique in the file")
                }
                tests.append(test)
            }
        }
        let diagnostics = yamlFindings + reader.diagnostics
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return (nil, diagnostics) }
        return (AuthorTestFile(path: source.path, workflow: id, clock: clock, mocks: mocks, tests: tests), diagnostics)
    }
}

/// The reading of a test file's body against its workflow.
struct TestBody {
    let reader: SchemaReader
    let context: AuthorTestContext
    let workflow: CompiledWorkflow
    /// Every state of the workflow (nested flows too) and the task states among them.
    let states: [String]
    let tasks: [String: TaskSpec]

    init(reader: SchemaReader, context: AuthorTestContext, workflow: CompiledWorkflow) {
        self.reader = reader
        self.context = context
        self.workflow = workflow
        var states: [String] = []
        var tasks: [String: TaskSpec] = [:]
        for flow in workflow.flows {
            for s in flow.states {
                states.append(s.state.name)
                if case .task(let spec) = s.state.kind { tasks[s.state.name] = spec }
            }
        }
        self.states = states
        self.tasks = tasks
    }

    func time(_ node: YAMLNode, _ what: String) -> AuthorTestTime? {
        guard let text = reader.string(node, what) else { return nil }
        guard let time = AuthorTestTime(parsing: text) else {
            reader.report(.badDate, at: reader.location(node),
                          "\(what) must be a date (2026-03-20) or a date and time (2026-03-20 18:00); got '\(text)'")
            return nil
        }
        return time
    }

    func person(_ node: YAMLNode, _ what: String) -> String? {
        guard let id = reader.string(node, what) else { return nil }
        if let roster = context.roster, roster.people[id] == nil {
            reader.report(.unknownPerson, at: reader.location(node), "\(what) names '\(id)', who is not in the roster",
                          suggestion: Suggestions.didYouMean(id, in: roster.people.keys))
            return nil
        }
        return id
    }

    func people(_ node: YAMLNode, _ what: String) -> [String]? {
        if node.scalar != nil { return person(node, what).map { [$0] } }
        guard let list = reader.sequence(node, what) else { return nil }
        let found = list.items.compactMap { person($0, "an item of \(what)") }
        return found.count == list.items.count ? found : nil
    }

    /// A word from `allowed`, else a finding with the closest one.
    func word(_ node: YAMLNode, _ what: String, in allowed: [String], code: RuleID = .badValue, kind: String) -> String? {
        guard let text = reader.string(node, what) else { return nil }
        guard allowed.contains(text) else {
            reader.report(code, at: reader.location(node), "\(what) names '\(text)', which is not \(kind)",
                          notes: allowed.isEmpty ? [] : ["known: \(allowed.joined(separator: ", "))"],
                          suggestion: Suggestions.didYouMean(text, in: allowed))
            return nil
        }
        return text
    }

    func task(_ node: YAMLNode, _ what: String) -> String? {
        word(node, what, in: tasks.keys.sorted(), code: .unknownTarget, kind: "a task state of workflow '\(workflow.workflow.id.value)'")
    }

    func mocks(_ node: YAMLNode) -> [String: AuthorTestMock] {
        guard let m = reader.mapping(node, "'mocks'") else { return [:] }
        var result: [String: AuthorTestMock] = [:]
        let handlers = workflowHandlers
        for pair in m.pairs {
            guard let key = reader.string(pair.key, "a key of 'mocks'") else { continue }
            guard states.contains(key) || handlers.contains(key) else {
                reader.report(.unknownTarget, at: reader.location(pair.key),
                              "'mocks' names '\(key)', which is neither a state nor a handler the workflow uses",
                              notes: ["its action states: \(actionStates.joined(separator: ", ")); handlers: \(handlers.joined(separator: ", "))"],
                              suggestion: Suggestions.didYouMean(key, in: states + handlers))
                continue
            }
            if let mock = mock(pair.value, "mock '\(key)'") { result[key] = mock }
        }
        return result
    }

    private var actionStates: [String] {
        workflow.flows.flatMap { $0.states.compactMap { if case .action = $0.state.kind { $0.state.name } else { nil } } }
    }

    private var workflowHandlers: [String] {
        var names: [String] = []
        for flow in workflow.flows {
            for s in flow.states {
                if case .action(let action) = s.state.kind, !names.contains(action.uses.value) { names.append(action.uses.value) }
            }
        }
        return names
    }

    func mock(_ node: YAMLNode, _ what: String) -> AuthorTestMock? {
        guard let m = reader.mapping(node, what) else { return nil }
        reader.checkKeys(m, allowed: ["output", "fail", "message", "retryable"], what)
        let location = reader.location(node)
        if let kindNode = m["fail"] {
            if m["output"] != nil { reader.report(.badValue, at: location, "\(what) gives both 'output' and 'fail'; give one") }
            guard let kind = reader.string(kindNode, "'fail' of \(what)") else { return nil }
            let message = m["message"].flatMap { reader.string($0, "'message' of \(what)") } ?? "failed (mocked)"
            let retryable = m["retryable"].flatMap { reader.boolean($0, "'retryable' of \(what)") } ?? true
            return AuthorTestMock(result: .failure(kind: kind, message: message, retryable: retryable), location: location)
        }
        for key in ["message", "retryable"] where m[key] != nil {
            reader.report(.badValue, at: m[key].map(reader.location), "'\(key)' of \(what) goes with 'fail'")
        }
        return AuthorTestMock(result: .output(m["output"].map(AuthorTestValues.value) ?? .object([:])), location: location)
    }
}
