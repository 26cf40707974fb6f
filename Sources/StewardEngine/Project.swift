import Foundation
import StewardDiagnostics
import StewardModel
import StewardPlugins
import StewardTime
import StewardYAML

/// A Steward project: `steward.yaml`, its roster, calendars and workflows, read from disk.
public struct Project: Sendable {
    /// The folder holding steward.yaml.
    public let root: URL
    /// steward.yaml itself, read again by `reload()`.
    public let configFile: URL
    public let config: ProjectConfig
    public let roster: Roster?
    public let calendars: [String: WorkingCalendar]
    public let zone: TimeZone
    /// Problems found while reading the project files (roster, calendars).
    public let findings: [Diagnostic]
    /// The roster and calendar texts as loaded, recorded with each event (see `ProjectEnvironment`).
    public let environment: ProjectEnvironment
    /// `environment.hash`, computed once.
    public let environmentHash: String

    /// Finds `steward.yaml` in `directory` or the nearest folder above it, like git finds `.git`.
    public static func locate(from directory: URL) -> URL? {
        var url = directory.standardizedFileURL
        while true {
            let candidate = url.appendingPathComponent("steward.yaml")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return nil }
            url = parent
        }
    }

    /// Reads the project file and what it names.
    public static func load(configFile: URL) throws(EngineError) -> Project {
        let source: YAMLSource
        do {
            source = try YAMLSource.read(path: configFile.path, limit: YAMLLimits.default.maxInputBytes)
        } catch {
            throw EngineError(error == .notFound ? .notFound : error.kind(else: .checkFailed), "\(configFile.path): \(error.message)")
        }
        let (config, findings) = ProjectConfig.load(source)
        guard let config else {
            throw EngineError(.checkFailed, findings.map { Self.line($0) }.joined(separator: "\n"))
        }
        let root = configFile.deletingLastPathComponent()
        var all = findings
        // A file that cannot be read is a finding like any other: the project is not what it says.
        // The system failing to read it is not: the file may be right, and the command fails (5).
        func read(_ path: String) throws(EngineError) -> YAMLSource? {
            do {
                return try YAMLSource.read(path: path, limit: 8 << 20)
            } catch {
                if error.kind(else: .checkFailed) == .store {
                    throw EngineError(.store, "\(path): \(error.message); nothing was changed")
                }
                all.append(Diagnostic(code: error.code, file: path, location: nil, message: error.message))
                return nil
            }
        }
        let rosterPath = resolve(config.roster, in: root).path
        let rosterFile = FileManager.default.fileExists(atPath: rosterPath) ? try read(rosterPath) : nil
        let calendarFolder = resolve(config.calendars, in: root)
        var calendarFiles: [YAMLSource] = []
        for name in try names(in: calendarFolder).sorted() where name.hasSuffix(".yaml") {
            if let file = try read(calendarFolder.appendingPathComponent(name).path) { calendarFiles.append(file) }
        }
        let loaded = ProjectEnvironment.load(roster: rosterFile, calendars: calendarFiles)
        all += loaded.findings
        let zone = TimeZone(identifier: config.timezone) ?? TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt
        return Project(root: root, configFile: configFile, config: config, roster: loaded.roster,
                       calendars: loaded.calendars, zone: zone, findings: all, environment: loaded.environment)
    }

    init(root: URL, configFile: URL, config: ProjectConfig, roster: Roster?, calendars: [String: WorkingCalendar],
         zone: TimeZone, findings: [Diagnostic], environment: ProjectEnvironment) {
        self.root = root
        self.configFile = configFile
        self.config = config
        self.roster = roster
        self.calendars = calendars
        self.zone = zone
        self.findings = findings
        self.environment = environment
        environmentHash = environment.hash
    }

    /// A path from the project file, made absolute.
    public func path(_ relative: String) -> URL { Self.resolve(relative, in: root) }

    static func resolve(_ relative: String, in root: URL) -> URL {
        relative.hasPrefix("/") ? URL(fileURLWithPath: relative) : root.appendingPathComponent(relative)
    }

    public var storePath: URL { path(config.store) }
    public var workflowsFolder: URL { path(config.workflows) }

    /// The names in `folder`; none when there is no such folder. A folder the system fails to
    /// list is an error (5): taken for empty, it would lose the calendars or the schedules.
    public static func names(in folder: URL) throws(EngineError) -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else { return [] }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw EngineError(.store, "the system failed to list the folder '\(folder.path)': \(error.localizedDescription)")
        }
    }

    /// Every workflow file of the project that is valid, by workflow id; a file the system
    /// fails to read is an error (5), one that is invalid or unreadable is left out.
    public func workflowFiles() throws(EngineError) -> [String: URL] {
        let folder = workflowsFolder
        var result: [String: URL] = [:]
        for name in try Self.names(in: folder).sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let url = folder.appendingPathComponent(name)
            let source: YAMLSource
            do {
                source = try YAMLSource.read(path: url.path, limit: YAMLLimits.default.maxInputBytes)
            } catch {
                if error.kind(else: .checkFailed) == .store { throw EngineError(.store, "\(url.path): \(error.message)") }
                continue
            }
            guard let workflow = WorkflowValidator().validate(source).workflow else { continue }
            result[workflow.id.value] = url
        }
        return result
    }

    /// The validator's context for this project: its roster, calendars and step handlers.
    public func validationContext(handlers: HandlerRegistry) -> ValidationContext {
        ValidationContext(roster: roster, handlers: handlers, calendars: Set(calendars.keys))
    }

    /// The project's step handlers: the built-ins, `shell` (as `allow_shell` says) and the
    /// plug-ins of its `plugins:` folder, with the problems found in their manifests and files.
    public func handlers(base: HandlerRegistry = .builtIn) -> ProjectHandlers {
        let folder = path(config.plugins)
        return ProjectHandlers.load(pluginsFolder: folder, shownAs: folder.path, allowShell: config.allowShell, base: base)
    }

    /// Reads, validates and compiles the workflow with this id from the workflows folder,
    /// checking its steps against `handlers`.
    public func compile(workflow id: String, handlers: HandlerRegistry) throws(EngineError) -> CompiledWorkflow {
        // The usual layout names each file after its workflow: try that before reading them all.
        var problem: EngineError?
        for name in ["\(id).yaml", "\(id).yml"] where !id.contains("/") {
            let url = workflowsFolder.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            do {
                let compiled = try compile(file: url, handlers: handlers)
                if compiled.workflow.id.value == id { return compiled }
            } catch {
                problem = problem ?? error
            }
        }
        let files = try workflowFiles()
        guard let url = files[id] else {
            if let problem { throw problem }
            let hint = Suggestions.didYouMean(id, in: files.keys).map { "; \($0)" }
                ?? (files.isEmpty ? "" : "; its workflows: \(files.keys.sorted().joined(separator: ", "))")
            throw EngineError(.notFound, "no workflow with id '\(id)' in \(config.workflows)\(hint)")
        }
        return try compile(file: url, handlers: handlers)
    }

    public func compile(file url: URL, handlers: HandlerRegistry) throws(EngineError) -> CompiledWorkflow {
        let source: YAMLSource
        do {
            source = try YAMLSource.read(path: url.path, limit: YAMLLimits.default.maxInputBytes)
        } catch {
            throw EngineError(error.kind(else: .notFound), "\(url.path): \(error.message)")
        }
        let validation = WorkflowValidator(context: validationContext(handlers: handlers)).validate(source)
        guard let compiled = validation.compiled else {
            let errors = validation.diagnostics.filter { $0.severity == .error }
            throw EngineError(.checkFailed, "the workflow is not valid; run 'steward validate':\n"
                                  + errors.prefix(10).map { Self.line($0) }.joined(separator: "\n"))
        }
        return compiled
    }

    /// `file:line:column: error: message [code]`, and the finding's suggestion on a `help:` line.
    static func line(_ d: Diagnostic) -> String {
        let place = d.location.map { ":\($0.line):\($0.column)" } ?? ""
        let help = d.suggestion.map { "\n  help: \($0)" } ?? ""
        return "\(d.file)\(place): \(d.severity.rawValue): \(d.message) [\(d.code)]\(help)"
    }
}

extension YAMLSource.ReadError {
    /// The kind of engine error for this failure: a store or I/O failure (5) when the system
    /// failed to read the file, else `kind`, what the file's own problem means to the caller.
    func kind(else kind: EngineError.Kind) -> EngineError.Kind {
        if case .failed = self { return .store }
        return kind
    }
}
