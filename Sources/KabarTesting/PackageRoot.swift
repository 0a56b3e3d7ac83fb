import Foundation
import KabarFixtures

extension Corpus {
    /// The package root (the folder holding Package.swift) of these sources, for tests only:
    /// found from this file's path at build time, so that a test reads the repository's files
    /// wherever `swift test` runs it from. The kabar binary never links this module; it reads
    /// from the working directory, an option or a variable (`Corpus.workingFolder`).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()
}
