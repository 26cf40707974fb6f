import Foundation
import StewardExpressions

/// What a trail entry's `details` hold: the event itself (so the trail can be replayed),
/// what the core noted, who was told, and why a refusal happened.
public struct EntryDetails: Codable, Sendable, Equatable {
    public var event: CoreEvent?
    public var workflow: String?
    public var parent: ParentLink?
    public var notes: [CoreNote]?
    public var notices: [Notice]?
    public var refusal: String?
    public var message: String?
    public var onBehalfBy: String?
    public var step: String?
    /// The handler a step called: `name@version`, and a plug-in's `sha256:…`.
    public var handler: String?
    /// What the handler logged during the call (secrets redacted).
    public var logs: [String]?
    public var clock: String?
    /// The hash of the roster and calendars the event was decided under (see `ProjectEnvironment`).
    public var environment: String?
    /// On a `started` entry: the instance's decision rules (`DecisionRules.rawValue`); absent
    /// for instances started before they were recorded.
    public var rules: Int?

    public init(event: CoreEvent? = nil, notes: [CoreNote]? = nil) {
        self.event = event
        self.notes = notes
    }

    /// Canonical text: keys sorted, no spaces, slashes and non-ASCII as they are; the same
    /// bytes JSONEncoder gives with `.sortedKeys` and `.withoutEscapingSlashes`. A number that
    /// is not finite cannot be written, and is an error rather than details left out.
    public func json() throws(JSONText.NonFiniteNumber) -> String {
        var out = JSONText()
        try write(to: &out)
        return out.text
    }

    /// Fields in byte order of their keys, absent ones left out (as `encodeIfPresent`).
    private func write(to out: inout JSONText) throws(JSONText.NonFiniteNumber) {
        out.openObject()
        if let clock { out.key("clock"); out.string(clock) }
        if let environment { out.key("environment"); out.string(environment) }
        if let event { out.key("event"); try out.event(event) }
        if let handler { out.key("handler"); out.string(handler) }
        if let logs { out.key("logs"); out.strings(logs) }
        if let message { out.key("message"); out.string(message) }
        if let notes {
            out.key("notes"); out.openArray()
            for note in notes { out.note(note) }
            out.closeArray()
        }
        if let notices {
            out.key("notices"); out.openArray()
            for notice in notices { out.notice(notice) }
            out.closeArray()
        }
        if let onBehalfBy { out.key("onBehalfBy"); out.string(onBehalfBy) }
        if let parent { out.key("parent"); out.parent(parent) }
        if let refusal { out.key("refusal"); out.string(refusal) }
        if let rules { out.key("rules"); out.int(rules) }
        if let step { out.key("step"); out.string(step) }
        if let workflow { out.key("workflow"); out.string(workflow) }
        out.closeObject()
    }

    public static func parse(_ text: String) -> EntryDetails? {
        try? JSONDecoder().decode(EntryDetails.self, from: Data(text.utf8))
    }
}
