import Foundation
import StewardCore
import StewardExpressions

/// What a trail entry's `details` hold: the event itself (so the trail can be replayed),
/// what the core noted, who was told, and why a refusal happened.
struct EntryDetails: Codable {
    var event: CoreEvent?
    var workflow: String?
    var parent: ParentLink?
    var notes: [CoreNote]?
    var notices: [Notice]?
    var refusal: String?
    var message: String?
    var onBehalfBy: String?
    var step: String?
    var handler: String?
    var clock: String?

    /// Canonical text: keys sorted, no spaces, slashes and non-ASCII as they are.
    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    static func parse(_ text: String) -> EntryDetails? {
        try? JSONDecoder().decode(EntryDetails.self, from: Data(text.utf8))
    }
}
