import Foundation

/// The C ABI of a library plug-in (ABI 1). A plug-in package built as
/// `.library(type: .dynamic)` exports four functions that call these; only C strings of
/// JSON cross between Steward and the library, never a Swift type.
///
/// ```swift
/// @_cdecl("steward_plugin_abi")
/// public func stewardPluginABI() -> UInt32 { PluginExports.abi }
///
/// @_cdecl("steward_plugin_manifest")
/// public func stewardPluginManifest() -> UnsafeMutablePointer<CChar>? { PluginExports.manifest(signOff) }
///
/// @_cdecl("steward_plugin_call")
/// public func stewardPluginCall(_ request: UnsafePointer<CChar>?) -> UnsafeMutablePointer<CChar>? {
///     PluginExports.call(signOff, request)
/// }
///
/// @_cdecl("steward_plugin_free")
/// public func stewardPluginFree(_ pointer: UnsafeMutableRawPointer?) { PluginExports.free(pointer) }
/// ```
public enum PluginExports {
    /// The ABI this kit builds: Steward refuses a library that reports another.
    public static let abi: UInt32 = 1

    /// The manifest as JSON, in memory the caller gives back through `free`.
    public static func manifest(_ handler: PluginHandler) -> UnsafeMutablePointer<CChar>? {
        strdup(handler.info.manifest.json)
    }

    /// Answers one request (JSON) with its frames, one per line, in memory the caller gives
    /// back through `free`. Steward calls it on a thread of its own and waits, so the
    /// handler's async work runs on a task while this thread blocks.
    public static func call(_ handler: PluginHandler, _ request: UnsafePointer<CChar>?) -> UnsafeMutablePointer<CChar>? {
        let text = request.map { String(cString: $0) } ?? ""
        let answer = Answer()
        Task.detached {
            answer.frames = await handler.frames(for: text)
            answer.done.signal()
        }
        answer.done.wait()
        return strdup(answer.frames)
    }

    /// Frees what `manifest` or `call` returned.
    public static func free(_ pointer: UnsafeMutableRawPointer?) {
        Foundation.free(pointer)
    }
}

/// The frames of one call, handed from its task to the waiting thread.
private final class Answer: @unchecked Sendable {
    let done = DispatchSemaphore(value: 0)
    var frames = ""
}
