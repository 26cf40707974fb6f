import StewardAudit
import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What is wrong with a plug-in's files: refused at load (a finding with this code) and
/// before each call (a failure of kind `plugin-missing` or `plugin-changed`).
struct PluginFileProblem: Error, Equatable {
    /// `plugin-missing`, `plugin-changed` or `plugin-unsafe`.
    let code: String
    let message: String

    /// The failure a call reports: a file that became unsafe since it was read counts as changed.
    var failure: StepFailure {
        switch code {
        case "plugin-missing": StepFailure(kind: "plugin-missing", message: message, retryable: true)
        default: StepFailure(kind: "plugin-changed", message: message, retryable: false)
        }
    }
}

/// The checks on a plug-in's files: who may write them, whether its entry file is there and
/// inside its folder, and the entry file's SHA-256.
enum PluginFiles {
    /// Refuses a file or folder that someone besides its owner may write: whoever could
    /// would change what Steward runs.
    static func checkWritable(_ path: String, _ what: String) throws(PluginFileProblem) {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            throw PluginFileProblem(code: "plugin-missing", message: "\(what) '\(path)' cannot be read: \(describe(errno))")
        }
        // A symbolic link's own mode means nothing; where it leads is checked by the caller.
        guard (info.st_mode & S_IFMT) != S_IFLNK else { return }
        let loose = info.st_mode & (S_IWGRP | S_IWOTH)
        guard loose == 0 else {
            let who = (loose & S_IWGRP) != 0 && (loose & S_IWOTH) != 0 ? "its group and others"
                : ((loose & S_IWGRP) != 0 ? "its group" : "others")
            throw PluginFileProblem(code: "plugin-unsafe",
                                    message: "\(what) '\(path)' may be written by \(who), not only by its owner; "
                                        + "Steward refuses to run a plug-in others could change (chmod go-w '\(path)')")
        }
    }

    /// Every file and folder below `folder` (links are not followed), checked as above.
    static func checkTree(_ folder: URL, shownAs: String) throws(PluginFileProblem) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        } catch {
            throw PluginFileProblem(code: "plugin-missing", message: "the folder '\(shownAs)' cannot be listed: \(error.localizedDescription)")
        }
        // Hidden entries (a `.build` folder of a Swift plug-in: thousands of files) are not
        // walked; the entry file and every folder above it are checked on their own.
        for name in names where !name.hasPrefix(".") {
            let url = folder.appendingPathComponent(name)
            let shown = shownAs + "/" + name
            try checkWritable(url.path, "the plug-in's file")
            var info = stat()
            if lstat(url.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { try checkTree(url, shownAs: shown) }
        }
    }

    /// The entry file (`run:`'s program, or the library), its links resolved; it must be a
    /// regular file inside the plug-in's folder, and a program must be executable.
    static func entry(_ manifest: PluginManifest) throws(PluginFileProblem) -> URL {
        let what = manifest.tier == .process ? "the program" : "the library"
        let path = manifest.folder.appendingPathComponent(manifest.entry).path
        guard FileManager.default.fileExists(atPath: path) else {
            throw PluginFileProblem(code: "plugin-missing", message: "\(what) '\(manifest.entry)' of plug-in '\(manifest.name)' is not there (\(path))")
        }
        let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let folder = manifest.folder.resolvingSymlinksInPath().path
        guard real.hasPrefix(folder + "/") else {
            throw PluginFileProblem(code: "plugin-unsafe", message: "\(what) '\(manifest.entry)' of plug-in '\(manifest.name)' "
                                        + "leads out of its folder (to '\(real)'); copy the file into the plug-in's folder")
        }
        var info = stat()
        guard stat(real, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw PluginFileProblem(code: "plugin-missing", message: "\(what) '\(manifest.entry)' of plug-in '\(manifest.name)' is not a regular file")
        }
        if manifest.tier == .process, access(real, X_OK) != 0 {
            throw PluginFileProblem(code: "plugin-missing", message: "the program '\(manifest.entry)' of plug-in '\(manifest.name)' "
                                        + "is not executable (chmod 755 '\(path)')")
        }
        try checkWritable(real, what)
        var above = URL(fileURLWithPath: real).deletingLastPathComponent()
        while above.path.hasPrefix(folder + "/") {
            try checkWritable(above.path, "a folder holding \(what)")
            above = above.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: real)
    }

    /// The SHA-256 of a file, in lower-case hex, read in pieces (a library may be large).
    static func sha256(of url: URL) throws(PluginFileProblem) -> String {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw PluginFileProblem(code: "plugin-missing", message: "'\(url.path)' cannot be read: \(describe(errno))")
        }
        defer { close(fd) }
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else {
                throw PluginFileProblem(code: "plugin-missing", message: "'\(url.path)' cannot be read: \(describe(errno))")
            }
            if n == 0 { break }
            hasher.update(data: buffer[0..<n])
        }
        return Hex.encode(Array(hasher.finalize()))
    }

    /// The checks made before each call: the folder, the manifest and the entry are still
    /// safe, and the entry's hash is the one read at load (the one the trail records).
    static func recheck(_ manifest: PluginManifest, digest: String) throws(PluginFileProblem) -> URL {
        try checkWritable(manifest.folder.resolvingSymlinksInPath().path, "the plug-in's folder")
        try checkWritable(manifest.folder.appendingPathComponent("plugin.yaml").path, "the manifest")
        let entry = try entry(manifest)
        let now = try sha256(of: entry)
        guard now == digest else {
            let what = manifest.tier == .process ? "the program" : "the library"
            throw PluginFileProblem(code: "plugin-changed",
                                    message: "\(what) '\(manifest.entry)' of plug-in '\(manifest.name)' changed since Steward read it "
                                        + "(sha256 \(now), was \(digest)); it is not run. Check the change, then start Steward again "
                                        + "(a running 'steward run' reads plug-ins when it starts)")
        }
        return entry
    }

    static func describe(_ code: Int32) -> String { String(cString: strerror(code)).lowercased() }
}
