import StewardDiagnostics

extension Project {
    /// The errors found in the project's own files (steward.yaml's warnings, the roster, the
    /// calendars); empty when every file read cleanly.
    public var problems: [Diagnostic] { findings.filter { $0.severity == .error } }

    /// Refuses a project whose roster or calendars have errors: deciding with a half-read
    /// roster would open tasks for nobody, and the trail would record that as if it were right.
    public func checkSound() throws(EngineError) {
        guard let report = problemReport else { return }
        throw EngineError(.checkFailed, "the project's files have errors; nothing was changed. Fix them and run the command again:\n"
                              + report)
    }

    /// The errors, a line each (`file:line:column: error: message [code]`); nil when there are none.
    var problemReport: String? {
        let problems = problems
        guard !problems.isEmpty else { return nil }
        return problems.prefix(10).map { Self.line($0) }.joined(separator: "\n")
    }

    /// What reading the project's files again found.
    public enum Reload: Sendable {
        /// The same configuration, roster and calendars as this project.
        case unchanged
        /// Something changed and the files are sound: the project to use from now on.
        case changed(Project)
        /// The files cannot be used as they are now (the message says why).
        case broken(String)
    }

    /// Reads steward.yaml, the roster and the calendars again, for a loop that runs for days
    /// (`steward run`): an organizer's edit takes effect at the next tick, and an edit that
    /// breaks a file is reported without stopping the loop.
    public func reload() -> Reload {
        let fresh: Project
        do {
            fresh = try Project.load(configFile: configFile)
        } catch {
            return .broken(error.message)
        }
        if let report = fresh.problemReport { return .broken(report) }
        if fresh.config == config && fresh.environmentHash == environmentHash { return .unchanged }
        return .changed(fresh)
    }
}
