import Foundation
import StewardDiagnostics
import StewardModel
import StewardPlugins
import StewardYAML

/// The project's own files, when `steward validate` runs in the folder of steward.yaml:
/// the project file itself, and each calendar file. (The roster is read by `WorkflowCheck`.)
struct ProjectCheck {
    var findings: [Diagnostic] = []
    var sources: [String: SourceText] = [:]
    /// The roster steward.yaml names, when that file exists.
    var rosterPath: String?
    /// The project's step handlers: built-ins, `shell` as allowed, and its plug-ins' manifests.
    var handlers: ProjectHandlers?

    /// Nil outside a project folder.
    init?(folder: String = ".") {
        let configPath = folder == "." ? "steward.yaml" : (folder as NSString).appendingPathComponent("steward.yaml")
        guard FileManager.default.fileExists(atPath: configPath) else { return nil }
        guard let source = read(configPath) else { return }
        let (config, configFindings) = ProjectConfig.load(source)
        findings += configFindings
        guard let config else { return }
        let roster = Self.resolve(config.roster, in: folder)
        if FileManager.default.fileExists(atPath: roster) { rosterPath = roster }
        let plugins = Self.resolve(config.plugins, in: folder)
        let loaded = ProjectHandlers.load(pluginsFolder: URL(fileURLWithPath: plugins), shownAs: plugins,
                                          allowShell: config.allowShell)
        handlers = loaded
        findings += loaded.findings
        findings += Self.channelFindings(config.channels, loaded.registry, configPath: configPath,
                                         text: String(decoding: source.bytes, as: UTF8.self))
        sources.merge(PluginCheck.manifestTexts(loaded.findings)) { first, _ in first }
        let calendars = Self.resolve(config.calendars, in: folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: calendars)) ?? []
        for name in names.sorted() where name.hasSuffix(".yaml") {
            guard let source = read((calendars as NSString).appendingPathComponent(name)) else { continue }
            findings += CalendarLoader().load(source).diagnostics
        }
    }

    /// Reads a file, keeping its text for the caret lines; a file that cannot be read is a finding.
    private mutating func read(_ path: String) -> YAMLSource? {
        switch YAMLSourceReading.read(path, limit: 8 << 20) {
        case .failure(let diagnostic):
            findings.append(diagnostic)
            return nil
        case .success(let source):
            sources[path] = SourceText(String(decoding: source.bytes, as: UTF8.self))
            return source
        }
    }

    /// Each name in `channels:` must be a handler that can deliver notices (else every notify
    /// step would fail when it runs), pointed at where the file writes it.
    static func channelFindings(_ channels: [String], _ registry: HandlerRegistry, configPath: String,
                                text: String) -> [Diagnostic] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let start = lines.firstIndex { $0.hasPrefix("channels:") } ?? 0
        return channels.compactMap { name in
            guard let problem = registry.channelProblem(name) else { return nil }
            // The first line from `channels:` on that writes the name.
            let location = lines.indices.dropFirst(start).lazy.compactMap { index -> SourceLocation? in
                guard let range = lines[index].range(of: name) else { return nil }
                return SourceLocation(line: index + 1, column: lines[index].distance(from: lines[index].startIndex, to: range.lowerBound) + 1)
            }.first
            let names = registry.names.filter { registry.contract(named: $0)?.tier != .core && registry.channelProblem($0) == nil }
            return Diagnostic(code: "bad-channel", file: configPath, location: location, message: problem,
                              notes: names.isEmpty ? [] : ["handlers that can deliver: \(names.joined(separator: ", "))"],
                              suggestion: registry.contract(named: name) == nil ? Suggestions.didYouMean(name, in: names) : nil)
        }
    }

    private static func resolve(_ path: String, in folder: String) -> String {
        path.hasPrefix("/") || folder == "." ? path : (folder as NSString).appendingPathComponent(path)
    }
}
