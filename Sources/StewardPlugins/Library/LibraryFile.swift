import Foundation

/// The checks made on a library's file before it is loaded: what is loaded runs inside
/// Steward with all its rights, so the file must be one only its owner can change.
enum LibraryFile {
    /// Checks the file and its folder; returns its SHA-256 (hex), which must equal `expected` when given.
    static func check(_ path: String, expected: String?) throws(LibraryLoadError) -> String {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { throw .missing(path: path) }
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFLNK: throw .notRegularFile(path: path, what: "a symbolic link")
        case S_IFDIR: throw .notRegularFile(path: path, what: "a folder")
        default: throw .notRegularFile(path: path, what: "a device or a pipe")
        }
        try refuseWritableByOthers(path, mode: info.st_mode)
        // Whoever can write the folder can put another file in the library's place.
        let parent = (path as NSString).deletingLastPathComponent
        let folder = parent.isEmpty ? "." : parent
        var folderInfo = stat()
        guard stat(folder, &folderInfo) == 0 else {
            throw .unreadable(path: folder, reason: String(cString: strerror(errno)))
        }
        try refuseWritableByOthers(folder, mode: folderInfo.st_mode)

        // Hashed in pieces, as the plug-ins folder hashes every entry file: a library may be large.
        let digest: String
        do {
            digest = try PluginFiles.sha256(of: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: error.message)
        }
        if let expected, expected.lowercased() != digest {
            throw .changed(path: path, expected: expected.lowercased(), found: digest)
        }
        return digest
    }

    private static func refuseWritableByOthers(_ path: String, mode: mode_t) throws(LibraryLoadError) {
        guard mode & (S_IWGRP | S_IWOTH) != 0 else { return }
        throw .writableByOthers(path: path, mode: String(mode & 0o7777, radix: 8))
    }
}
