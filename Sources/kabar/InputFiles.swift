import Foundation

/// Saved pages named on the command line: files as given, folders searched recursively
/// for .html/.htm files, in a stable order.
enum InputFiles {
    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "\(path): no such file or folder" }
    }

    static let extensions: Set<String> = ["html", "htm", "xhtml"]

    static func expand(_ paths: [String]) throws -> [URL] {
        var files: [URL] = []
        for path in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw Missing(path: path) }
            let url = URL(fileURLWithPath: path)
            if !isDir.boolValue { files.append(url); continue }
            let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey])
            var found: [URL] = []
            while let next = walker?.nextObject() as? URL {
                if extensions.contains(next.pathExtension.lowercased()) { found.append(next) }
            }
            files += found.sorted { $0.path < $1.path }
        }
        return files
    }
}
