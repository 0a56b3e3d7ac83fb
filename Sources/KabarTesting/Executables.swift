import Foundation

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
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    /// As `run`, awaited: the child is waited for on a thread of its own, never on Swift's
    /// cooperative pool (two threads on a 2-core machine: two tests blocking it would stall
    /// every async test of the process).
    public static func launch(_ executable: URL, _ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        let result = try await runBlocking { () -> Output in
            let r = try run(executable, arguments)
            return Output(status: r.status, stdout: r.stdout, stderr: r.stderr)
        }
        return (result.status, result.stdout, result.stderr)
    }

    struct Output: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// A fresh, empty temporary folder.
    public static func temporaryFolder(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kabar-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try? FileManager.default.removeItem(at: url)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
