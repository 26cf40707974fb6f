import Foundation
import StewardPlugins
import StewardYAML

extension Project {
    /// The value of the secret `name`: from the secrets file steward.yaml names (a mapping of
    /// names to texts, readable by its owner only), else the `STEWARD_SECRET_NAME` variable.
    /// Read at each call, so a changed secret needs no restart; never cached in the store.
    func secret(named name: String) throws(StepFailure) -> String? {
        if let file = config.secrets {
            let url = path(file)
            let attributes: [FileAttributeKey: Any]
            do { attributes = try FileManager.default.attributesOfItem(atPath: url.path) } catch {
                throw StepFailure(kind: "handler", message: "cannot read the secrets file '\(file)'", retryable: false)
            }
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o777
            guard mode & 0o077 == 0 else {
                throw StepFailure(kind: "handler", message: "the secrets file '\(file)' may be read by others (mode \(String(mode, radix: 8))); run 'chmod 600 \(file)'",
                                  retryable: false)
            }
            let source: YAMLSource
            do { source = try YAMLSource.read(path: url.path, limit: 1 << 20) } catch {
                throw StepFailure(kind: "handler", message: "cannot read the secrets file '\(file)'", retryable: false)
            }
            let (document, findings) = YAMLLoader().loadSingleDocument(source)
            guard let document, let mapping = document.root.mapping else {
                // The finding's position only: its text could quote a secret.
                let place = findings.first.map { " (line \($0.location?.line ?? 0))" } ?? ""
                throw StepFailure(kind: "handler", message: "the secrets file '\(file)' is not a mapping of names to texts\(place)",
                                  retryable: false)
            }
            if let value = mapping[name]?.scalar?.text { return value }
        }
        return ProcessInfo.processInfo.environment["STEWARD_SECRET_" + name]
    }
}
