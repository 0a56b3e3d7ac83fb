import Foundation

/// Where the shared corpus of real saved pages is: `$KABAR_CORPUS`, else `../shared/corpus`
/// beside the folder kabar runs in (the repository's folder). Tests that need it skip (with
/// `Corpus.missingReason`) where it is absent.
public enum Corpus {
    /// The folder relative paths are read from when no option or variable names one: the
    /// working directory (`./Plugins`, `../shared/corpus`). Never the source tree's path
    /// compiled into the binary: a binary copied elsewhere, or a moved source tree, reads
    /// where it is run.
    public static var workingFolder: URL { URL(fileURLWithPath: FileManager.default.currentDirectoryPath) }

    public static var root: URL {
        if let env = ProcessInfo.processInfo.environment["KABAR_CORPUS"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return workingFolder.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    }

    public static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent("SITES.md").path)
    }

    public static var missingReason: String {
        "the shared corpus is absent (no \(root.path); set KABAR_CORPUS or place it at ../shared/corpus); skipping tests on real pages"
    }

    public static func file(_ relative: String) -> URL { root.appendingPathComponent(relative) }
}
