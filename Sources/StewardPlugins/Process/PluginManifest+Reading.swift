import Foundation
import StewardDiagnostics
import StewardExpressions
import StewardTime
import StewardYAML

extension PluginManifest {
    static let keys = ["steward_plugin", "name", "version", "summary", "kind", "protocol", "run", "library", "sha256",
                       "inputs", "open_inputs", "outputs", "errors", "idempotent", "timeout", "env"]
    static let requiredKeys = ["steward_plugin", "name", "version", "summary", "kind", "protocol", "idempotent"]
    static let inputKeys = ["type", "required", "secret", "description"]
    static let outputKeys = ["type", "description"]
    /// Variables Steward sets itself, or keeps to itself (`STEWARD_…`: the store, the actor, secrets).
    static let reservedVariables = ["PATH", "HOME", "STEWARD_PLUGIN"]

    /// Reads `plugin.yaml` of the plug-in in `folder`; nil when it has an error (each one is a
    /// finding). `reserved`: names a plug-in may not take (the built-in handlers').
    public static func read(_ source: YAMLSource, folder: URL, reserved: Set<String>) -> (PluginManifest?, [Diagnostic]) {
        let (document, yamlFindings) = YAMLLoader().loadSingleDocument(source)
        guard let document else { return (nil, yamlFindings) }
        let reader = ManifestReader(file: source.path)
        guard let m = reader.mapping(document.root, "the plug-in manifest") else { return (nil, reader.findings) }
        reader.checkKeys(m, at: document.root, allowed: keys, required: requiredKeys, "the plug-in manifest")

        if let node = m["steward_plugin"], let format = reader.integer(node, "'steward_plugin'"), format != Self.format {
            reader.report("bad-value", at: node, "'steward_plugin: \(format)' is a manifest format this Steward does not read",
                          notes: ["this Steward reads 'steward_plugin: \(Self.format)'"])
        }
        if let node = m["protocol"], let version = reader.integer(node, "'protocol'"), version != protocolVersion {
            reader.report("bad-value", at: node, "'protocol: \(version)' is a protocol this Steward does not speak",
                          notes: ["this Steward speaks 'protocol: \(protocolVersion)'"])
        }
        let name = m["name"].flatMap { readName($0, folder: folder.lastPathComponent, reserved: reserved, reader) }
        let version = m["version"].flatMap { node -> String? in
            guard let text = reader.string(node, "'version'") else { return nil }
            guard !text.contains(where: \.isWhitespace) else {
                reader.report("bad-value", at: node, "'version' is one word such as 1.2.0; got '\(text)'")
                return nil
            }
            return text
        }
        let summary = m["summary"].flatMap { reader.string($0, "'summary'") }
        let kind = readKind(m, reader)
        let sha256 = m["sha256"].flatMap { node -> String? in
            guard let text = reader.string(node, "'sha256'") else { return nil }
            guard text.count == 64, text.allSatisfy(\.isHexDigit) else {
                reader.report("bad-value", at: node, "'sha256' is the 64 hexadecimal digits of the file's SHA-256; got '\(text)'",
                              suggestion: "sha256sum FILE prints it")
                return nil
            }
            return text.lowercased()
        }
        let inputs = m["inputs"].map { fields($0, "'inputs'", allowed: inputKeys, reader) } ?? []
        let outputs = m["outputs"].map { fields($0, "'outputs'", allowed: outputKeys, reader) } ?? []
        let openInputs = m["open_inputs"].flatMap { reader.boolean($0, "'open_inputs'") } ?? false
        let errors = m["errors"].map { readErrors($0, reader) } ?? []
        let idempotent = m["idempotent"].flatMap { reader.boolean($0, "'idempotent'") }
        let timeout = m["timeout"].map { readTimeout($0, reader) } ?? defaultTimeout
        let environment = m["env"].map { readEnvironment($0, reader) } ?? []

        guard !reader.hasErrors, let name, let version, let summary, let kind, let idempotent, let timeout else {
            return (nil, reader.findings)
        }
        let manifest = PluginManifest(name: name, version: version, summary: summary, kind: kind, sha256: sha256,
                                      inputs: inputs, openInputs: openInputs, outputs: outputs, errors: errors,
                                      idempotent: idempotent, timeout: timeout, environment: environment,
                                      folder: folder, file: source.path)
        return (manifest, reader.findings)
    }

    private static func readName(_ node: YAMLNode, folder: String, reserved: Set<String>, _ reader: ManifestReader) -> String? {
        guard let name = reader.string(node, "'name'") else { return nil }
        guard isName(name) else {
            reader.report("bad-value", at: node, "'name' must be lower-case letters, digits and '-', starting with a letter; got '\(name)'")
            return nil
        }
        guard name == folder else {
            reader.report("plugin-name", at: node, "the plug-in is named '\(name)' but its folder is '\(folder)'",
                          notes: ["'uses:' names a plug-in by its folder, so the two must be the same"],
                          suggestion: "rename the folder, or write 'name: \(folder)'")
            return nil
        }
        guard !reserved.contains(name) else {
            reader.report("plugin-name", at: node, "'\(name)' is a built-in step handler; a plug-in may not take its name",
                          suggestion: "name the plug-in (and its folder) differently")
            return nil
        }
        return name
    }

    /// `[a-z][a-z0-9-]*`: plug-in names and error kinds.
    static func isName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    private static func readKind(_ m: YAMLMapping, _ reader: ManifestReader) -> Kind? {
        guard let node = m["kind"], let kind = reader.string(node, "'kind'") else { return nil }
        switch kind {
        case "process":
            if let library = m.pairs.first(where: { $0.key.scalar?.text == "library" })?.key {
                reader.report("unknown-key", at: library, "'library' is for 'kind: library'; a process plug-in says what to run in 'run'")
            }
            guard let runNode = m["run"] else {
                reader.report("missing-key", at: node, "a process plug-in needs 'run', the program and its arguments",
                              suggestion: "run: [./main.py]")
                return nil
            }
            guard let run = reader.strings(runNode, "'run'") else { return nil }
            guard let (program, at) = run.first else {
                reader.report("bad-value", at: runNode, "'run' is empty; give the program, a file of the plug-in's folder")
                return nil
            }
            guard let problem = entryProblem(program) else { return .process(run: run.map(\.0)) }
            reader.report("bad-value", at: at, "the program '\(program)' \(problem)",
                          notes: ["it is started directly, never by a shell: a script starts with a '#!' line naming its interpreter"])
            return nil
        case "library":
            if let run = m.pairs.first(where: { $0.key.scalar?.text == "run" })?.key {
                reader.report("unknown-key", at: run, "'run' is for 'kind: process'; a library plug-in names its file in 'library'")
            }
            guard let fileNode = m["library"] else {
                reader.report("missing-key", at: node, "a library plug-in needs 'library', its shared library file",
                              suggestion: "library: libplugin.so")
                return nil
            }
            guard let file = reader.string(fileNode, "'library'") else { return nil }
            guard let problem = entryProblem(file) else { return .library(file: file) }
            reader.report("bad-value", at: fileNode, "the library '\(file)' \(problem)")
            return nil
        default:
            reader.report("bad-value", at: node, "'kind' must be 'process' or 'library'; got '\(kind)'",
                          suggestion: Suggestion.closest(to: kind, among: ["process", "library"]).map { "did you mean '\($0)'?" })
            return nil
        }
    }

    /// Why `path` cannot name a file of the plug-in's own folder, if it cannot.
    private static func entryProblem(_ path: String) -> String? {
        if path.hasPrefix("/") { return "must be a file of the plug-in's folder, named relative to it (not an absolute path)" }
        let steps = path.split(separator: "/", omittingEmptySubsequences: false)
        if steps.contains("..") { return "must be a file of the plug-in's folder ('..' leaves it)" }
        if path.isEmpty || steps.last == "" || steps.last == "." { return "must name a file" }
        return nil
    }

    private static func fields(_ node: YAMLNode, _ what: String, allowed: [String], _ reader: ManifestReader) -> [HandlerInput] {
        guard let m = reader.mapping(node, what) else { return [] }
        var result: [HandlerInput] = []
        for pair in m.pairs {
            guard let name = reader.string(pair.key, "a name in \(what)") else { continue }
            guard isInputName(name) else {
                reader.report("bad-value", at: pair.key, "'\(name)' in \(what) must be letters, digits and '_', starting with a letter or '_'")
                continue
            }
            let place = "'\(name)' of \(what)"
            guard let spec = reader.mapping(pair.value, place) else { continue }
            reader.checkKeys(spec, at: pair.value, allowed: allowed, required: ["type"], place)
            let type = spec["type"].flatMap { readType($0, place, reader) }
            let required = spec["required"].flatMap { reader.boolean($0, "'required' of \(place)") } ?? false
            let secret = spec["secret"].flatMap { reader.boolean($0, "'secret' of \(place)") } ?? false
            let summary = spec["description"].flatMap { reader.string($0, "'description' of \(place)") } ?? ""
            guard let type else { continue }
            if secret, type != .text, let node = spec["type"] {
                reader.report("bad-value", at: node, "a secret input holds the name of a secret, so its type is text (\(place))")
            }
            result.append(HandlerInput(name, type, required: required, secret: secret, summary: summary))
        }
        return result
    }

    private static func readType(_ node: YAMLNode, _ place: String, _ reader: ManifestReader) -> HandlerValueType? {
        guard let name = reader.string(node, "'type' of \(place)") else { return nil }
        if let type = HandlerValueType(manifestName: name) { return type }
        let names = HandlerValueType.allCases.map(\.rawValue) + ["string"]
        reader.report("bad-value", at: node, "'\(name)' is not a type (\(place))", notes: ["types: \(names.joined(separator: ", "))"],
                      suggestion: Suggestion.closest(to: name, among: names).map { "did you mean '\($0)'?" })
        return nil
    }

    /// Letters, digits and `_`, not starting with a digit: input names and environment variables.
    static func isInputName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || isLetter(first) else { return false }
        return text.unicodeScalars.allSatisfy { isLetter($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    private static func isLetter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) }

    private static func readErrors(_ node: YAMLNode, _ reader: ManifestReader) -> [String] {
        guard let items = reader.strings(node, "'errors'") else { return [] }
        var kinds: [String] = []
        for (kind, at) in items {
            if !isName(kind) {
                reader.report("bad-value", at: at, "the error kind '\(kind)' must be lower-case letters, digits and '-', starting with a letter")
            } else if StepFailure.hostKinds.contains(kind) {
                reader.report("bad-value", at: at, "'\(kind)' is a kind Steward reports itself; a plug-in's kinds are its own",
                              notes: ["Steward's kinds: \(StepFailure.hostKinds.joined(separator: ", "))"])
            } else {
                kinds.append(kind)
            }
        }
        return kinds
    }

    /// `30s`, `5m`, `1h`: at least a second, at most an hour.
    private static func readTimeout(_ node: YAMLNode, _ reader: ManifestReader) -> Duration? {
        guard let text = reader.string(node, "'timeout'") else { return nil }
        switch timeLimit(text, most: maxTimeout) {
        case .success(let limit): return limit
        case .failure(let problem):
            reader.report("bad-value", at: node, "'timeout': \(problem.message)")
            return nil
        }
    }

    /// A time limit as written (`30s`, `5m`, `1h`, `PT90S`): elapsed time from one second to `most`.
    static func timeLimit(_ text: String, most: Duration) -> Result<Duration, StepFailure> {
        let spec: DurationSpec
        do {
            spec = try DurationSpec(parsing: text)
        } catch {
            return .failure(StepFailure(kind: "handler", message: error.description, retryable: false))
        }
        guard case .elapsed(let milliseconds) = spec else {
            return .failure(StepFailure(kind: "handler", message: "a time limit is elapsed time such as 30s, 5m or 1h; got '\(text)'",
                                        retryable: false))
        }
        let limit = Duration.milliseconds(milliseconds)
        guard limit >= .seconds(1), limit <= most else {
            return .failure(StepFailure(kind: "handler", message: "a time limit is from 1s to \(ProcessPlugin.seconds(most)); got '\(text)'",
                                        retryable: false))
        }
        return .success(limit)
    }

    private static func readEnvironment(_ node: YAMLNode, _ reader: ManifestReader) -> [String] {
        guard let items = reader.strings(node, "'env'") else { return [] }
        var names: [String] = []
        for (name, at) in items {
            if !isInputName(name) {
                reader.report("bad-value", at: at, "'\(name)' is not the name of an environment variable")
            } else if reservedVariables.contains(name) || name.hasPrefix("STEWARD_") {
                reader.report("bad-value", at: at, "'\(name)' is not passed to plug-ins",
                              notes: ["Steward sets PATH, HOME, LANG and STEWARD_PLUGIN itself, and keeps its own "
                                      + "STEWARD_ variables (store, actor, secrets) to itself"])
            } else {
                names.append(name)
            }
        }
        return names
    }
}
