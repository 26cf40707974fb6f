import Foundation
import StewardExpressions

/// The text of a `notify` message from a file of the templates folder, its `{{name}}` and
/// `{{name.key}}` places filled from the step's values.
///
/// Only plain places: the variables of Mustache, which `render` speaks in full, so that a
/// template written for one reads the same in the other. A place without a value, or any other
/// tag (`{{#…}}`, `{{> …}}`), fails the call: a message with a hole is not sent.
struct NoticeTemplate {
    static let maximumBytes = 256 << 10

    let name: String
    let text: String

    /// Reads `name` below `folder`. The name stays inside the folder: no absolute path, no
    /// `..`, and no link that leads out of it.
    init(named name: String, in folder: URL) throws(StepFailure) {
        self.name = name
        let steps = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !name.hasPrefix("/"), !steps.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
            throw Self.failure("the template '\(name)' must be a path inside the templates folder (no leading '/', no empty, '.' or '..' steps)")
        }
        let file = folder.appendingPathComponent(name)
        let inside = folder.resolvingSymlinksInPath().standardizedFileURL.path + "/"
        guard file.resolvingSymlinksInPath().standardizedFileURL.path.hasPrefix(inside) else {
            throw Self.failure("the template '\(name)' leads out of the templates folder")
        }
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
            guard attributes[.type] as? FileAttributeType == .typeRegular else {
                throw Self.failure("the template '\(name)' is not a file")
            }
            guard ((attributes[.size] as? NSNumber)?.intValue ?? 0) <= Self.maximumBytes else {
                throw Self.failure("the template '\(name)' is larger than \(Self.maximumBytes >> 10) KiB")
            }
            data = try Data(contentsOf: file)
        } catch let failure as StepFailure {
            throw failure
        } catch {
            throw Self.failure("there is no template '\(name)' in the templates folder")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Self.failure("the template '\(name)' is not UTF-8 text")
        }
        self.text = text
    }

    /// The text with each place replaced by its value's text.
    func fill(with values: ExpressionObject) throws(StepFailure) -> String {
        var result = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            result += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw Self.failure("the template '\(name)' has a '{{' that is never closed")
            }
            let place = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            result += try value(of: place, in: values).text
            rest = rest[close.upperBound...]
        }
        return result + rest
    }

    private func value(of place: String, in values: ExpressionObject) throws(StepFailure) -> ExpressionValue {
        guard let first = place.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else {
            throw Self.failure("the template '\(name)' has '{{\(place)}}'; a notify template takes only {{name}} places")
        }
        var value = ExpressionValue.object(values)
        for key in place.split(separator: ".", omittingEmptySubsequences: false) {
            guard case .object(let object) = value, let inner = object[String(key)] else {
                throw Self.failure("the template '\(name)' has '{{\(place)}}', which the step does not give (add it to 'data')")
            }
            value = inner
        }
        return value
    }

    private static func failure(_ message: String) -> StepFailure {
        StepFailure(kind: "template", message: message, retryable: false)
    }
}
