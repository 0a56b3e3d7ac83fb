import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Files named on a command line, folders searched recursively (`kabar extract`, `kabar
/// reextract`). Whatever cannot be read is a `Problem` naming the path and why, in words: a
/// folder that cannot be listed (it was skipped silently), a symbolic link loop or a broken
/// link, a FIFO or a device (reading one blocks or never ends), a file without permission.
public enum InputFolder {
    public struct Problem: Error, CustomStringConvertible, Equatable {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// The files under `paths` that `accept` takes (a file named directly is always taken),
    /// each folder's in path order, and the problems met on the way. With `wanted` (what
    /// `accept` takes, in words: "saved pages (.html, .htm, .xhtml)"), a folder holding none
    /// is a problem too, naming what it holds instead (a folder of .html.gz files gave nothing,
    /// without a word).
    public static func files(_ paths: [String], wanted: String? = nil, accept: (URL) -> Bool) -> (files: [URL], problems: [Problem]) {
        var files: [URL] = []
        var problems: [Problem] = []
        for path in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
                problems.append(Problem(path: path, reason: linkProblem(path) ?? "no such file or folder"))
                continue
            }
            let url = URL(fileURLWithPath: path)
            if !isDir.boolValue { files.append(url); continue }
            if let reason = unreadableFolder(path) { problems.append(Problem(path: path, reason: reason)); continue }
            var found: [URL] = []
            var others: [String] = []
            let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil, options: []) { failed, error in
                problems.append(Problem(path: failed.path, reason: reason(of: error)))
                return true
            }
            while let next = walker?.nextObject() as? URL {
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: next.path, isDirectory: &isFolder), isFolder.boolValue {
                    // The enumerator skips a folder it cannot list without a word.
                    if let reason = unreadableFolder(next.path) { problems.append(Problem(path: next.path, reason: reason)) }
                    continue
                }
                guard accept(next) else { others.append(next.lastPathComponent); continue }
                if let reason = linkProblem(next.path) { problems.append(Problem(path: next.path, reason: reason)); continue }
                found.append(next)
            }
            if let wanted, found.isEmpty {
                let holds = others.min().map { "it holds \(counted(others.count, "other file")), such as \($0)" } ?? "it is empty"
                problems.append(Problem(path: path, reason: "no \(wanted) in the folder: \(holds)"))
            }
            files += found.sorted { $0.path < $1.path }
        }
        return (files, problems)
    }

    /// Why a path does not lead to a file: a symbolic link loop or a broken link.
    static func linkProblem(_ path: String) -> String? {
        var info = stat()
        if stat(path, &info) == 0 { return nil }
        let code = errno
        if code == ELOOP { return "a symbolic link loop" }
        var own = stat()
        if code == ENOENT { return lstat(path, &own) == 0 && own.st_mode & S_IFMT == S_IFLNK ? "a broken symbolic link" : "no such file or folder" }
        return String(cString: strerror(code))
    }

    /// Why a folder cannot be listed, or nil.
    static func unreadableFolder(_ path: String) -> String? {
        guard let dir = opendir(path) else { return "cannot list the folder: \(String(cString: strerror(errno)))" }
        closedir(dir)
        return nil
    }

    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "a FIFO"
        case S_IFSOCK: return "a socket"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFDIR: return "a folder"
        default: return "not a file"
        }
    }

    /// An error in words: the POSIX reason under Foundation's wrapping (not `NSCocoaErrorDomain Code=256`).
    static func reason(of error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        return ns.localizedDescription
    }
}
