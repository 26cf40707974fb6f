import StewardDiagnostics
import StewardTime

/// An automatic step: calls the step handler `uses` with `with`.
public struct ActionSpec: Sendable, Hashable {
    public let uses: Located<String>
    public let with: ArgumentValue?
    public let next: Located<String>?
    public let retry: RetryPolicy?
    public let timeout: DurationSpec?
    public let `catch`: [CatchClause]
    /// The name under which the handler's result is kept (`states.NAME.output` always holds it too).
    public let output: String?
}

/// A handler argument: text (maybe with expressions), a list or a mapping of them.
public indirect enum ArgumentValue: Sendable, Hashable {
    case text(TemplateText)
    case list([ArgumentValue], SourceLocation)
    case mapping([ArgumentPair], SourceLocation)

    /// Every text in the tree, for checking their expressions.
    public var texts: [TemplateText] {
        switch self {
        case .text(let t): [t]
        case .list(let items, _): items.flatMap(\.texts)
        case .mapping(let pairs, _): pairs.flatMap(\.value.texts)
        }
    }
}

/// One key of a mapping argument.
public struct ArgumentPair: Sendable, Hashable {
    public let key: String
    public let value: ArgumentValue
    /// Where the key is written.
    public let keyLocation: SourceLocation
}

/// How often and how patiently to retry a failing handler.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts after the first one.
    public let maxAttempts: Int
    /// Fixed wait between attempts (used when `backoff` is not given).
    public let interval: DurationSpec?
    /// First wait of an exponential backoff (doubling each time).
    public let backoff: DurationSpec?
    /// Longest wait between attempts.
    public let maxDelay: DurationSpec?
}

/// Where to go when a handler fails with a given kind of error.
public struct CatchClause: Sendable, Hashable {
    /// `any`, `timeout`, `handler`, or a kind the handler reports.
    public let error: String
    public let target: Located<String>
}

/// A branch point: the first condition that holds decides.
public struct ChoiceSpec: Sendable, Hashable {
    public let choices: [(condition: TemplateText, target: Located<String>)]
    public let defaultTarget: Located<String>?

    public static func == (lhs: ChoiceSpec, rhs: ChoiceSpec) -> Bool {
        lhs.defaultTarget == rhs.defaultTarget && lhs.choices.map(\.target) == rhs.choices.map(\.target)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(choices.count)
    }
}

/// Waits for a time to pass or a moment to come.
public struct WaitSpec: Sendable, Hashable {
    public let duration: DurationValue?
    public let until: TemplateText?
    public let next: Located<String>?
}

/// How many branches (or items) must finish before moving on.
public enum Join: Sendable, Hashable, CustomStringConvertible {
    case all
    case any
    case count(Int, SourceLocation)

    public var description: String {
        switch self {
        case .all: "all"
        case .any: "any"
        case .count(let n, _): String(n)
        }
    }
}

/// Runs named branches at the same time.
public struct ParallelSpec: Sendable, Hashable {
    public let branches: [(name: String, flow: Flow, location: SourceLocation)]
    public let join: Join
    public let next: Located<String>?

    public static func == (lhs: ParallelSpec, rhs: ParallelSpec) -> Bool {
        lhs.join == rhs.join && lhs.next == rhs.next && lhs.branches.map(\.name) == rhs.branches.map(\.name)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(branches.count)
    }
}

/// Runs one sub-flow per item of a list (the responsibility fan-out).
public struct ForeachSpec: Sendable, Hashable {
    public let items: TemplateText
    /// The name each item has inside the sub-flow (default `item`).
    public let itemName: String
    public let body: Flow
    public let join: Join
    public let next: Located<String>?
}

/// Starts another workflow as a child and waits for it.
public struct SubworkflowSpec: Sendable, Hashable {
    public let uses: Located<String>
    public let with: [(name: String, value: TemplateText)]
    /// Where each name of `with` is written, for findings about a name.
    public let withKeys: [String: SourceLocation]
    public let next: Located<String>?

    public init(uses: Located<String>, with: [(name: String, value: TemplateText)], withKeys: [String: SourceLocation] = [:],
                next: Located<String>?) {
        self.uses = uses
        self.with = with
        self.withKeys = withKeys
        self.next = next
    }

    public static func == (lhs: SubworkflowSpec, rhs: SubworkflowSpec) -> Bool {
        lhs.uses == rhs.uses && lhs.next == rhs.next && lhs.withKeys == rhs.withKeys
            && lhs.with.elementsEqual(rhs.with) { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(uses)
    }
}

/// Ends a flow with an outcome.
public struct FinalSpec: Sendable, Hashable {
    public let outcome: Outcome
}

/// How an instance (or a branch) ended.
public enum Outcome: String, Sendable, Hashable, CaseIterable {
    case completed, rejected, cancelled, failed
}
