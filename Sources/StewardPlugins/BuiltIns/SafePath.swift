import StewardAudit
import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one check every handler that writes (or reads a named file) makes on a path a workflow
/// or a plug-in gave it: the path stays inside its base folder.
///
/// Refused: an absolute path, an empty step (`a//b`, a trailing `/`), `.` and `..`, control
/// characters, a step longer than the system allows, and a link anywhere below the base
/// (checked with `lstat` step by step, folders made one by one and checked again after
/// making, so a link put there meanwhile is refused too). The base folder itself is the
/// project's to choose (it may be a link to a share). A refusal is a `path` failure that
/// names the path and says why; trying again cannot help.
public enum SafePath {
    /// The failure kind of a refused path (declared by the handlers that write).
    public static let failureKind = "path"

    /// The longest step the system takes, in bytes.
    static let maximumStepBytes = 255

    /// The steps of `relative`, or why it may not be used. `what` names it in the message
    /// (`the output 'x'`).
    public static func steps(_ relative: String, what: String) throws(StepFailure) -> [String] {
        guard !relative.isEmpty else { throw refusal(what, relative, "it is empty") }
        guard !relative.hasPrefix("/") else { throw refusal(what, relative, "it is absolute; give a path inside the folder") }
        if let scalar = relative.unicodeScalars.first(where: isControl) {
            throw refusal(what, relative, "it holds the control character U+\(String(format: "%04X", scalar.value))")
        }
        let steps = relative.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        for step in steps {
            switch step {
            case "": throw refusal(what, relative, "it has an empty step ('//' or a '/' at the end)")
            case ".": throw refusal(what, relative, "it has a '.' step")
            case "..": throw refusal(what, relative, "it has a '..' step, which would leave the folder")
            default:
                if step.utf8.count > maximumStepBytes {
                    throw refusal(what, relative, "the step '\(step.prefix(40))…' is longer than \(maximumStepBytes) bytes")
                }
            }
        }
        return steps
    }

    /// The file `relative` names below `base`, for writing: its folders are made as needed
    /// (and `base` too), none may be a link, and the file, if there, must not be a link or a folder.
    public static func fileForWriting(_ relative: String, in base: URL, what: String) throws(StepFailure) -> URL {
        let steps = try steps(relative, what: what)
        let folder = try makeFolders(steps.dropLast(), in: base, relative: relative, what: what)
        let file = folder.appendingPathComponent(steps[steps.count - 1])
        switch kind(of: file.path) {
        case .missing, .file: return file
        case .link: throw refusal(what, relative, "'\(steps.joined(separator: "/"))' is a link, which is never written through")
        case .folder: throw refusal(what, relative, "it is a folder")
        case .other: throw refusal(what, relative, "it is not a regular file")
        }
    }

    /// The file `relative` names below `base`, for reading: it and every folder on the way
    /// must exist and none may be a link. A missing file is a failure that says so.
    public static func fileForReading(_ relative: String, in base: URL, what: String) throws(StepFailure) -> URL {
        let steps = try steps(relative, what: what)
        var url = base
        for (index, step) in steps.enumerated() {
            url.appendPathComponent(step)
            let shown = steps[...index].joined(separator: "/")
            let last = index == steps.count - 1
            switch kind(of: url.path) {
            case .missing:
                throw StepFailure(kind: failureKind, message: "\(what) '\(relative)' does not exist in \(base.path)",
                                  retryable: false)
            case .link: throw refusal(what, relative, "'\(shown)' is a link, which is never followed")
            case .folder where !last: continue
            case .file where last: return url
            case .folder: throw refusal(what, relative, "it is a folder")
            default: throw refusal(what, relative, "'\(shown)' is not a \(last ? "regular file" : "folder")")
            }
        }
        return url
    }

    /// The folder `relative` names below `base`, made (with `base`) when missing; no step may be a link.
    public static func folder(_ relative: String, in base: URL, what: String) throws(StepFailure) -> URL {
        try makeFolders(try steps(relative, what: what)[...], in: base, relative: relative, what: what)
    }

    /// The folder `relative` names below `base` if it is there (nil if not); no step may be a link.
    public static func existingFolder(_ relative: String, in base: URL, what: String) throws(StepFailure) -> URL? {
        let steps = try steps(relative, what: what)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: base.path, isDirectory: &isFolder), isFolder.boolValue else { return nil }
        var url = base
        for (index, step) in steps.enumerated() {
            url.appendPathComponent(step)
            let shown = steps[...index].joined(separator: "/")
            switch kind(of: url.path) {
            case .missing: return nil
            case .folder: continue
            case .link: throw refusal(what, relative, "'\(shown)' is a link, which is never followed")
            default: throw refusal(what, relative, "'\(shown)' is not a folder")
            }
        }
        return url
    }

    /// Makes `base` (as the project configured it) and then each step below it, one by one.
    static func makeFolders(_ steps: ArraySlice<String>, in base: URL, relative: String,
                            what: String) throws(StepFailure) -> URL {
        do {
            try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        } catch {
            throw StepFailure(kind: "handler", message: "cannot make the folder \(base.path): \(FileNames.describe(error))")
        }
        var url = base
        var shown: [String] = []
        for step in steps {
            url.appendPathComponent(step)
            shown.append(step)
            if kind(of: url.path) == .missing, mkdir(url.path, 0o755) != 0, errno != EEXIST {
                let reason = String(cString: strerror(errno))
                throw StepFailure(kind: "handler", message: "cannot make the folder '\(shown.joined(separator: "/"))' for \(what) '\(relative)': \(reason)")
            }
            // Checked after making it too: whatever is there now is what a write would go through.
            switch kind(of: url.path) {
            case .folder: continue
            case .link: throw refusal(what, relative, "'\(shown.joined(separator: "/"))' is a link, which is never followed")
            default: throw refusal(what, relative, "'\(shown.joined(separator: "/"))' is not a folder")
            }
        }
        return url
    }

    /// The bytes of the regular file at `url` (a link in its place is refused, not followed),
    /// at most `limit` of them.
    public static func read(_ url: URL, limit: Int, what: String) throws(StepFailure) -> [UInt8] {
        let descriptor = open(url.path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = errno == ELOOP ? "it is a link, which is never followed" : String(cString: strerror(errno))
            throw StepFailure(kind: failureKind, message: "cannot read \(what) '\(url.lastPathComponent)': \(reason)",
                              retryable: false)
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw StepFailure(kind: failureKind, message: "\(what) '\(url.lastPathComponent)' is not a regular file",
                              retryable: false)
        }
        guard Int(info.st_size) <= limit else {
            throw StepFailure(kind: "handler", message: "\(what) '\(url.lastPathComponent)' is larger than \(limit) bytes",
                              retryable: false)
        }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                systemRead(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                throw StepFailure(kind: "handler", message: "cannot read \(what) '\(url.lastPathComponent)': "
                                  + (count == 0 ? "it became shorter while read" : String(cString: strerror(errno))))
            }
            offset += count
        }
        return bytes
    }

    private static func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.read(descriptor, buffer, count)
        #else
        Darwin.read(descriptor, buffer, count)
        #endif
    }

    enum Kind: Equatable { case missing, file, folder, link, other }

    /// What is at `path`, links not followed.
    static func kind(of path: String) -> Kind {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .folder
        case S_IFLNK: return .link
        default: return .other
        }
    }

    /// C0 and C1 controls and DEL: they hide in listings and terminals.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    static func refusal(_ what: String, _ relative: String, _ reason: String) -> StepFailure {
        let shown = relative.unicodeScalars.contains(where: isControl) ? relative.debugDescription : "'\(relative)'"
        return StepFailure(kind: failureKind, message: "\(what) \(shown) is refused: \(reason)", retryable: false)
    }
}

extension Array where Element == UInt8 {
    /// The SHA-256 of the bytes, in lower-case hex: how documents and package files are named in outputs and manifests.
    var sha256Hex: String {
        Hex.encode(Array(SHA256.hash(data: self)))
    }
}
