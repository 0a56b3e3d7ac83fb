import Foundation
import KabarFixtures
import KabarSampleSites

/// The package's built executables, for tests that run them as child processes.
public enum Executables {
    /// The `kabar` binary built beside the running tests (`swift test` builds it too).
    public static var kabar: URL? {
        var candidates: [URL] = []
        if let test = Bundle.main.executableURL { candidates.append(test.deletingLastPathComponent()) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        candidates.append(Corpus.packageRoot.appendingPathComponent(".build/debug"))
        for dir in candidates {
            var d = dir
            // Inside an .xctest bundle (macOS), the binary is beside the bundle.
            while d.path != "/" && d.pathExtension != "" && d.pathExtension != "build" { d.deleteLastPathComponent() }
            for folder in [dir, d] {
                let url = folder.appendingPathComponent("kabar")
                if FileManager.default.isExecutableFile(atPath: url.path) { return url }
            }
        }
        return nil
    }

    /// Runs `executable` to the end; returns its exit status, stdout and stderr.
    @discardableResult
    public static func run(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let r = try ChildProcess.run(executable, arguments)
        return (r.status, r.stdout, r.stderr)
    }

    /// As `run`, awaited on a thread of its own (`ChildProcess.launch`).
    public static func launch(_ executable: URL, _ arguments: [String], in directory: URL? = nil) async throws -> (status: Int32, stdout: String, stderr: String) {
        let r = try await ChildProcess.launch(executable, arguments, in: directory)
        return (r.status, r.stdout, r.stderr)
    }

    /// A fresh, empty temporary folder.
    public static func temporaryFolder(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kabar-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try? FileManager.default.removeItem(at: url)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
