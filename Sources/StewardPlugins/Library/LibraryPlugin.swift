import Foundation
import StewardExpressions
import StewardAudit

/// A Swift plug-in loaded into Steward at run time from a shared library (the trusted tier):
/// calls cost no process, but the library runs with Steward's rights, cannot be stopped at
/// its deadline and is never unloaded. Work that is slow or not fully trusted belongs in a
/// process plug-in, which is killed at its time limit.
///
/// The library speaks protocol v1 through four C functions (see `StewardPluginKit.PluginExports`):
/// the request JSON in, the frames (`hello`, `log`, one `result`) out.
public struct LibraryPlugin: StepHandler {
    /// The ABI this Steward speaks.
    public static let abi: UInt32 = 1

    /// The contract from the plug-in's manifest, with the library's SHA-256 as its digest.
    public let contract: HandlerContract
    private let caller: LibraryCaller

    /// Checks and loads the library at `path` for the handler `contract` describes (read from
    /// its plugin.yaml: name, version, and the sha256 when it gives one).
    ///
    /// Refused: a file that is a link or is writable by group or others (or whose folder is),
    /// a SHA-256 other than the manifest's, a file that is not a shared library, a library
    /// without the four functions or built for another ABI, and one whose own manifest names
    /// another plug-in or version, or a file changed since this process loaded it (a library
    /// cannot be unloaded: Steward must restart to use the new one). Loading the same file
    /// again gives the library already loaded.
    public static func load(path: String, contract: HandlerContract) throws(LibraryLoadError) -> LibraryPlugin {
        let digest = try LibraryFile.check(path, expected: contract.digest)
        let caller = try LoadedLibraries.caller(for: path, digest: digest) { () throws(LibraryLoadError) in
            LibraryCaller(image: try LibraryImage(path: path))
        }
        try agree(caller.image, path: path, contract: contract)
        let checked = HandlerContract(
            name: contract.name, version: contract.version, summary: contract.summary, tier: .library,
            inputs: contract.inputs, openInputs: contract.openInputs, outputs: contract.outputs, errors: contract.errors,
            idempotent: contract.idempotent, timeout: contract.timeout, digest: digest, needsRecord: contract.needsRecord)
        return LibraryPlugin(contract: checked, caller: caller)
    }

    private init(contract: HandlerContract, caller: LibraryCaller) {
        self.contract = contract
        self.caller = caller
    }

    /// Calls still running past their deadline (their threads cannot be stopped).
    public var overrunningCalls: Int { caller.stuckCalls }

    public func call(_ request: StepRequest) async -> StepOutcome {
        let json = PluginRequest.line(request, contract: contract, work: request.places.work.path)
        switch await caller.call(json, name: contract.name, deadline: request.deadline) {
        case .frames(let text):
            return Self.outcome(of: text, contract: contract)
        case .nothing:
            return .failure(kind: "protocol", message: "\(contract.name) returned no frames (a null pointer)",
                            retryable: false)
        case .tooLarge(let bytes):
            return .failure(kind: "output-too-large",
                            message: "\(contract.name) returned \(bytes) bytes of frames, more than \(LibraryCaller.outputLimit)",
                            retryable: false)
        case .timedOut:
            return .failure(kind: "timeout",
                            message: "\(contract.name) did not answer in time; a library cannot be stopped, its call goes on "
                                + "in the background (a process plug-in would have been killed)")
        case .stuck(let count):
            return .failure(kind: "timeout",
                            message: "\(contract.name) was not called: \(count) earlier calls are still running past their "
                                + "time limit (restart Steward, or run the plug-in as a process plug-in)")
        }
    }

    /// Reads the frames by the rules of the process tier (`PluginFrames`): a line that breaks
    /// them, or no result, is a `protocol` failure that keeps the log lines read before it.
    static func outcome(of text: String, contract: HandlerContract) -> StepOutcome {
        let frames = PluginFrames(name: contract.name, version: contract.version, errors: contract.errors)
        for line in Array(text.utf8).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if let reason = frames.line(line) {
                return .failure(kind: "protocol", message: "\(contract.name): \(reason)", retryable: false, logs: frames.keptLogs)
            }
        }
        guard let result = frames.result else {
            let said = frames.greeted ? "ended without a result frame" : "answered without a hello frame"
            return .failure(kind: "protocol", message: "\(contract.name) \(said)", retryable: false, logs: frames.keptLogs)
        }
        return StepOutcome(result, logs: frames.keptLogs)
    }

    /// The library's own manifest must name the plug-in and version its plugin.yaml names.
    private static func agree(_ image: LibraryImage, path: String, contract: HandlerContract) throws(LibraryLoadError) {
        guard let text = image.manifest() else { throw .badManifest(path: path, reason: "returned nothing") }
        let parsed: AuditValue
        do {
            parsed = try AuditValue(parsingJSON: text)
        } catch {
            throw .badManifest(path: path, reason: "is not JSON (\(error.description))")
        }
        guard case .object(let manifest) = ExpressionValue(parsed) else {
            throw .badManifest(path: path, reason: "is not a JSON object")
        }
        for (field, expected) in [("name", contract.name), ("version", contract.version)] {
            guard case .string(let value)? = manifest[field] else {
                throw .badManifest(path: path, reason: "has no text '\(field)'")
            }
            guard value == expected else {
                throw .manifestDisagrees(path: path, field: field, library: value, manifest: expected)
            }
        }
    }
}
