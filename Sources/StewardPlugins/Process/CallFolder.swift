import StewardAudit
import Crypto
import Foundation

/// A fresh working folder for one call's process, below `places.work`, readable by its owner
/// alone and removed when the call ends (with whatever the process left in it).
struct CallFolder {
    let url: URL

    /// Named after the call's key (hashed: keys hold `/`) and a random part, so two attempts
    /// or two Stewards never share one.
    init(for request: StepRequest) throws(StepFailure) {
        let base = request.places.work
        let key = Hex.encode(Array(SHA256.hash(data: Data(request.key.utf8))).prefix(8))
        url = base.appendingPathComponent(key + "-" + UUID().uuidString.prefix(8).lowercased())
        do {
            try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw StepFailure(kind: "handler", message: "no working folder could be made in '\(base.path)': \(error.localizedDescription)")
        }
    }

    func remove() {
        // Left behind only if the system refuses; the next call makes a new one anyway.
        try? FileManager.default.removeItem(at: url)
    }
}

/// The environment every plug-in and `shell` process starts with: nothing of Steward's own
/// but the variables named, which keeps the store, the actor and secrets away from it.
enum CallEnvironment {
    static let path = "/usr/bin:/bin"

    static func base(home: URL, passing names: [String]) -> [String: String] {
        var environment = ["PATH": path, "LANG": "C.UTF-8", "HOME": home.path, "STEWARD_PLUGIN": "1"]
        let own = ProcessInfo.processInfo.environment
        for name in names {
            if let value = own[name] { environment[name] = value }
        }
        return environment
    }
}
