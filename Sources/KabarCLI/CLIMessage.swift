import Foundation

/// Diagnostics on standard error, prefixed with the program's name ("kabar: ...",
/// "kabar-postgres: ...").
public enum CLIMessage {
    public static func error(_ message: String) {
        FileHandle.standardError.write(Data("\(ProcessInfo.processInfo.processName): \(message)\n".utf8))
    }
}
