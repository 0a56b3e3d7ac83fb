import Foundation

/// Where the shared corpus of real saved pages is: `$KABAR_CORPUS`, else `../shared/corpus`
/// beside the package root. Tests that need it skip (with `Corpus.missingReason`) where it is absent.
public enum Corpus {
    /// The package root (the folder holding Package.swift).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    public static var root: URL {
        if let env = ProcessInfo.processInfo.environment["KABAR_CORPUS"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    }

    public static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent("SITES.md").path)
    }

    public static let missingReason = "the shared corpus is absent (set KABAR_CORPUS or place it at ../shared/corpus); skipping tests on real pages"

    public static func file(_ relative: String) -> URL { root.appendingPathComponent(relative) }
}
