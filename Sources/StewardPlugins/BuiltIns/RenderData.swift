import Foundation
import Mustache
import StewardExpressions

/// The values a template is rendered with, and the strict check that every name it uses is
/// there: the Mustache library renders a missing name as empty text, and a document with a
/// silent gap where the plan's goals should be is worse than no document.
enum RenderData {
    /// A name the template uses that the data does not have.
    struct Missing: Equatable {
        let name: String
        let location: RenderTags.Location
        /// The sections the tag is inside, outermost first.
        let sections: [String]
    }

    /// Every name of `nodes` that `data` lacks, as rendering would meet them (a section's body
    /// once per item of a list; a section that renders nothing is not looked into), each
    /// name and place once.
    static func missing(in nodes: [RenderTags.Node], data: ExpressionValue) -> [Missing] {
        var found: [Missing] = []
        walk(nodes, stack: [data], sections: [], found: &found)
        return found
    }

    private static func walk(_ nodes: [RenderTags.Node], stack: [ExpressionValue], sections: [String],
                             found: inout [Missing]) {
        for node in nodes {
            switch node {
            case .variable(let name, let location):
                if lookUp(name, in: stack) == nil { note(Missing(name: name, location: location, sections: sections), &found) }
            case .section(let name, let inverted, let location, let body):
                guard let value = lookUp(name, in: stack) else {
                    note(Missing(name: name, location: location, sections: sections), &found)
                    continue
                }
                let inner = sections + [name]
                switch (value, inverted) {
                case (.list(let items), false):
                    for item in items { walk(body, stack: stack + [item], sections: inner, found: &found) }
                case (.bool(true), false):
                    walk(body, stack: stack, sections: inner, found: &found)
                case (.bool(false), false), (.null, false):
                    continue
                case (_, false):
                    walk(body, stack: stack + [value], sections: inner, found: &found)
                case (.list(let items), true) where items.isEmpty:
                    walk(body, stack: stack, sections: inner, found: &found)
                case (.bool(false), true), (.null, true):
                    walk(body, stack: stack, sections: inner, found: &found)
                case (_, true):
                    continue
                }
            }
        }
    }

    private static func note(_ missing: Missing, _ found: inout [Missing]) {
        if !found.contains(missing) { found.append(missing) }
    }

    /// The value `name` stands for, found as Mustache finds it: `.` is the current value;
    /// `a.b` looks `a` up from the innermost section outwards and `b` in what it found
    /// (`.a` only in the current value). Nil when it is not there (a null value is there).
    static func lookUp(_ name: String, in stack: [ExpressionValue]) -> ExpressionValue? {
        guard let current = stack.last else { return nil }
        if name == "." { return current }
        let steps = name.split(separator: ".").map(String.init)
        guard let first = steps.first else { return nil }
        var value: ExpressionValue
        if name.hasPrefix(".") {
            guard let found = child(first, of: current) else { return nil }
            value = found
        } else {
            guard let found = stack.reversed().lazy.compactMap({ child(first, of: $0) }).first else { return nil }
            value = found
        }
        for step in steps.dropFirst() {
            guard let next = child(step, of: value) else { return nil }
            value = next
        }
        return value
    }

    private static func child(_ name: String, of value: ExpressionValue) -> ExpressionValue? {
        guard case .object(let object) = value else { return nil }
        return object[name]
    }

    /// `value` as the Mustache library reads it: objects and lists it can look into, text as
    /// Steward writes values into text (a date `2026-10-01`, a list `张伟、李明`), null as
    /// nothing, booleans for sections.
    static func mustacheValue(_ value: ExpressionValue) -> Any {
        switch value {
        case .null: return NSNull()
        case .bool(let flag): return flag
        case .list(let items): return RenderList(items: items.map(mustacheValue), text: value.text)
        case .object(let object):
            var children: [String: Any] = [:]
            for (key, item) in object.entries { children[key] = mustacheValue(item) }
            return RenderObject(children: children, text: value.text)
        default: return value.text
        }
    }
}

/// A list: iterated by a section, written as its text by a variable.
struct RenderList: MustacheSequence, MustacheCustomRenderable, MustacheParent {
    let items: [Any]
    let text: String

    func makeIterator() -> IndexingIterator<[Any]> { items.makeIterator() }
    var renderText: String { text }
    var isNull: Bool { false }
    /// A list has no named children (Mustache would otherwise look into the Swift value).
    func child(named: String) -> Any? { nil }
}

/// An object: its fields by name, written as its JSON text by a variable.
struct RenderObject: MustacheParent, MustacheCustomRenderable {
    let children: [String: Any]
    let text: String

    func child(named name: String) -> Any? { children[name] }
    var renderText: String { text }
    var isNull: Bool { false }
}
