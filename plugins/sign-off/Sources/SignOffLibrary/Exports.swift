import SignOffHandler
import StewardPluginKit

// The library plug-in: the four C functions Steward looks up (ABI 1). Only C strings of JSON
// cross them; Steward never sees a Swift type of this library.

@_cdecl("steward_plugin_abi")
public func stewardPluginABI() -> UInt32 { PluginExports.abi }

@_cdecl("steward_plugin_manifest")
public func stewardPluginManifest() -> UnsafeMutablePointer<CChar>? { PluginExports.manifest(signOff) }

@_cdecl("steward_plugin_call")
public func stewardPluginCall(_ request: UnsafePointer<CChar>?) -> UnsafeMutablePointer<CChar>? {
    PluginExports.call(signOff, request)
}

@_cdecl("steward_plugin_free")
public func stewardPluginFree(_ pointer: UnsafeMutableRawPointer?) { PluginExports.free(pointer) }
