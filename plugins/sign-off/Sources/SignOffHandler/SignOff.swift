import StewardPluginKit

/// `sign-off`: checks who of the people who must sign a document have signed, and says
/// whether it is complete. The same handler is the process plug-in and the library plug-in.
public let signOff = PluginHandler(
    PluginInfo(
        name: "sign-off", version: "1.0.0", summary: "checks that everyone who must sign a document has signed",
        inputs: [
            PluginInput("document", "text", required: true, summary: "the document's title"),
            PluginInput("signers", "list", required: true, summary: "people (ids) who must sign"),
            PluginInput("signed", "list", summary: "people (ids) who have signed"),
        ],
        outputs: [
            PluginInput("complete", "boolean"), PluginInput("missing", "list"), PluginInput("summary", "text"),
        ],
        errors: ["bad-input", "no-signers"], idempotent: true, timeout: .seconds(5))
) { call in
    let document = try call.text("document")
    let signers = try people(call.list("signers"), "signers")
    guard !signers.isEmpty else {
        throw PluginFailure(kind: "no-signers", message: "nobody is named to sign '\(document)'", retryable: false)
    }
    let signed = Set(try people(call.argument("signed")?.list ?? [], "signed"))
    let missing = signers.filter { !signed.contains($0) }
    let summary = "\(signers.count - missing.count) of \(signers.count) have signed '\(document)'"
    call.log(summary)
    return [
        "complete": .bool(missing.isEmpty),
        "missing": .list(missing.map(PluginValue.string)),
        "summary": .string(summary),
    ]
}

/// Person ids from a list, in order, each once.
private func people(_ items: [PluginValue], _ input: String) throws(PluginFailure) -> [String] {
    var seen = Set<String>()
    var ids: [String] = []
    for item in items {
        guard let id = item.string, !id.isEmpty else { throw .badInput("'\(input)' must list person ids (text)") }
        if seen.insert(id).inserted { ids.append(id) }
    }
    return ids
}
