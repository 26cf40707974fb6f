import Foundation

/// A loaded library plug-in: its four C functions. Nothing but C strings of JSON crosses
/// them, because a Swift type from the library is another type than Steward's even when it
/// has the same name (each image has its own copy), and casts between them fail.
///
/// It is never unloaded: Swift code cannot be safely unloaded (its metadata and any thread
/// still running in it would dangle).
final class LibraryImage: @unchecked Sendable {
    typealias ABIFunction = @convention(c) () -> UInt32
    typealias ManifestFunction = @convention(c) () -> UnsafeMutablePointer<CChar>?
    typealias CallFunction = @convention(c) (UnsafePointer<CChar>?) -> UnsafeMutablePointer<CChar>?
    typealias FreeFunction = @convention(c) (UnsafeMutableRawPointer?) -> Void

    let path: String
    private let manifestFunction: ManifestFunction
    private let callFunction: CallFunction
    private let freeFunction: FreeFunction

    /// Opens the library and finds its functions; refuses one built for another ABI.
    init(path: String) throws(LibraryLoadError) {
        self.path = path
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            throw .notALibrary(path: path, reason: Self.gist(of: dlerror(), path: path))
        }
        // The ABI first: a library built for another ABI may export other functions.
        let abi = try Self.symbol("steward_plugin_abi", in: handle, path: path, as: ABIFunction.self)()
        guard abi == LibraryPlugin.abi else { throw .wrongABI(path: path, abi: abi) }
        manifestFunction = try Self.symbol("steward_plugin_manifest", in: handle, path: path, as: ManifestFunction.self)
        callFunction = try Self.symbol("steward_plugin_call", in: handle, path: path, as: CallFunction.self)
        freeFunction = try Self.symbol("steward_plugin_free", in: handle, path: path, as: FreeFunction.self)
    }

    /// The manifest JSON the library returns, or nil when it returns none.
    func manifest() -> String? { take(manifestFunction()) }

    /// One call, on the calling thread: the frames the library returned (nil for none), cut at `limit` bytes.
    func call(_ request: String, limit: Int) -> (frames: String?, bytes: Int) {
        let answer = request.withCString { callFunction($0) }
        guard let answer else { return (nil, 0) }
        let length = strlen(answer)
        defer { freeFunction(UnsafeMutableRawPointer(answer)) }
        guard length <= limit else { return (nil, length) }
        return (String(cString: answer), length)
    }

    /// Copies a string the library returned and gives its memory back to the library's own allocator.
    private func take(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        defer { freeFunction(UnsafeMutableRawPointer(pointer)) }
        return String(cString: pointer)
    }

    private static func symbol<Function>(_ name: String, in handle: UnsafeMutableRawPointer, path: String,
                                         as type: Function.Type) throws(LibraryLoadError) -> Function {
        guard let address = dlsym(handle, name) else { throw .missingSymbol(path: path, symbol: name) }
        return unsafeBitCast(address, to: type)
    }

    /// dlerror's reason without the path it starts with ("…/x.so: invalid ELF header" → "invalid ELF header").
    private static func gist(of error: UnsafeMutablePointer<CChar>?, path: String) -> String {
        guard let error else { return "no reason given" }
        let text = String(cString: error)
        for prefix in [path + ": ", (path as NSString).lastPathComponent + ": "] where text.hasPrefix(prefix) {
            return String(text.dropFirst(prefix.count))
        }
        return text
    }
}
