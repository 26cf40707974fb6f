import Foundation

/// A library plug-in as a project declares it: loaded at its first call, not when the
/// project is read, so `validate`, `status` and `plugins` never run a library's code. A
/// library that cannot be loaded fails the call, saying why.
struct DeclaredLibrary: StepHandler {
    let contract: HandlerContract
    let path: String

    func call(_ request: StepRequest) async -> StepOutcome {
        let plugin: LibraryPlugin
        do {
            plugin = try LibraryPlugin.load(path: path, contract: contract)
        } catch {
            switch error {
            case .missing:
                return .failure(kind: "plugin-missing", message: error.description)
            case .changed, .changedSinceLoaded:
                return .failure(kind: "plugin-changed", message: error.description, retryable: false)
            default:
                return .failure(kind: "plugin-missing", message: error.description, retryable: false)
            }
        }
        return await plugin.call(request)
    }
}
