import Foundation

/// Runs an executable to its end and collects what it printed: the bench commands that start
/// workers as child processes, and the tests (`Executables`).
public enum ChildProcess {
    public struct Output: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// Runs `executable` to the end, blocking the calling thread; in `directory` when given.
    public static func run(_ executable: URL, _ arguments: [String], in directory: URL? = nil) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// As `run`, awaited: the child is waited for on a thread of its own, never on Swift's
    /// cooperative pool (two threads on a 2-core machine: two callers blocking it would stall
    /// every other task of the process).
    public static func launch(_ executable: URL, _ arguments: [String], in directory: URL? = nil) async throws -> Output {
        try await runBlocking { try run(executable, arguments, in: directory) }
    }
}
