import Foundation
import StewardModel
import Testing

/// `steward schema` is built from the decoders' key tables; each key must be described.
@Suite("language schema")
struct LanguageSchemaTests {
    @Test("every key the decoders read has a shape and a description in Chinese and English")
    func everyKeyDescribed() {
        #expect(LanguageSchema.missingDescriptions == [])
    }

    @Test("each schema is draft 2020-12 JSON with closed objects and the keys' descriptions", arguments: LanguageSchema.allCases)
    func shape(_ kind: LanguageSchema) throws {
        let object = try JSONSerialization.jsonObject(with: Data(kind.text.utf8)) as? [String: Any]
        let schema = try #require(object)
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(schema["additionalProperties"] as? Bool == false)
        let properties = try #require(schema["properties"] as? [String: Any])
        let first = try #require(properties[kind == .roster ? "people" : (kind == .project ? "timezone" : "steward")] as? [String: Any])
        let description = try #require(first["description"] as? String)
        #expect(description.unicodeScalars.contains { $0.value >= 0x4E00 }, "no Chinese in '\(description)'")
        #expect(description.contains("\n\n"), "no English after the Chinese in '\(description)'")
    }

    @Test("the workflow schema names every state type and field type as an enum")
    func enums() {
        let text = LanguageSchema.workflow.text
        for name in ["task", "action", "choice", "wait", "parallel", "foreach", "workflow", "final"] {
            #expect(text.contains("\"const\" : \"\(name)\""), "no branch for type \(name)")
        }
        #expect(text.contains("\"abstain\""))
        #expect(text.contains("\"datetime\""))
    }
}
