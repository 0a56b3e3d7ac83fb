import ArgumentParser
import Foundation
import KabarCore
import KabarStore

/// Buffered standard output and unbuffered diagnostics for the commands.
enum CLIOutput {
    nonisolated(unsafe) static var stdout = FileHandleWriter(fd: 1)

    /// "kabar: <message>" on standard error.
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("kabar: \(message)\n".utf8))
    }

    /// "kabar: PATH: error", the path once: an error that names the path already is printed as is.
    static func error(_ path: String, _ error: Error) {
        let text = "\(error)"
        self.error(text.contains(path) ? text : "\(path): \(text)")
    }

    /// A data folder that cannot be opened or made. A file-system error (its parent missing, no
    /// permission, a file in its place) is `PATH: cannot open or make the data folder: reason`,
    /// exit status 2 (nothing was done; the system's own text named neither the folder's part
    /// nor the reason plainly); another (the folder in use, an index that does not match the
    /// files) is printed as the store words it, exit status 1.
    static func folderFailure(_ path: String, _ error: Error) -> ExitCode {
        if case FileStore.Failure.insideStore? = error as? FileStore.Failure {
            self.error("\(error)")
            return ExitCode(ExitStatus.badInput)
        }
        let ns = error as NSError
        if ns.domain == NSCocoaErrorDomain || ns.domain == NSPOSIXErrorDomain {
            self.error("\(path): cannot open or make the data folder: \(folderReason(path, error))")
            return ExitCode(ExitStatus.badInput)
        }
        self.error(path, error)
        if let advice = storeAdvice(error, folder: path) { note("kabar: " + advice) }
        return ExitCode(ExitStatus.failed)
    }

    /// What to do about `error` when it is a full disk (SQLite's "database or disk is full",
    /// a write's ENOSPC) or a damaged index (`storeAdvice`), said after the error; "" for any
    /// other error. The error's own text names the file but not the cause plainly, nor that
    /// nothing committed is lost. `run`, `demo` and `schedule` (each failed run) say it.
    static func storeFailureAdvice(_ error: Error, folder: String) -> String {
        let text = "\(error)"
        let full = text.contains("database or disk is full") || text.contains(String(cString: strerror(ENOSPC)))
            || (error as NSError).domain == NSPOSIXErrorDomain && (error as NSError).code == Int(ENOSPC)
        guard full else { return storeAdvice(error, folder: folder).map { "\nkabar: " + $0 } ?? "" }
        return "\nkabar: the disk holding \(folder) is full: free space there (or give --data a folder on another disk) and run "
            + "again; what was stored is kept, and pages not stored yet stay queued for the next run"
    }

    /// What to do about an SQLite error on a data folder's index that is damaged or not a
    /// database: `kabar rebuild-index` makes it again from the record files; nil for any other
    /// error. (A damaged `frontier.sqlite` is refused with its own advice by the frontier.)
    static func storeAdvice(_ error: Error, folder: String) -> String? {
        guard let e = error as? SQLiteError, let file = e.file, file.hasSuffix("/index.sqlite") else { return nil }
        if e.isDamagedFile {
            return "the store's index \(file) is damaged; the record files hold everything it needs: "
                + "kabar rebuild-index --data \(folder) moves it aside and makes it again"
        }
        return nil
    }

    /// Why a folder cannot be made, in the system's words: Foundation's error on Linux reads
    /// "The operation could not be completed. (NSCocoaErrorDomain error 512.)", so the folder is
    /// made once more with mkdir(2) for its errno ("not a directory" under a file, "no such file
    /// or directory", "permission denied", "no space left on device"). A folder that exists
    /// already (the error came from inside it) keeps Foundation's reason.
    static func folderReason(_ path: String, _ error: Error) -> String {
        if mkdir(path, 0o755) == 0 {
            rmdir(path)
        } else if errno != EEXIST {
            return String(cString: strerror(errno)).lowercased()
        }
        return SystemReason.of(error)
    }

    /// A file or folder named on the command line that does not exist: the same message and
    /// exit status in every command.
    static func missing(_ path: String) -> ExitCode {
        error("\(path): no such file or folder")
        return ExitCode(ExitStatus.badInput)
    }

    /// A data folder to read (`stats`, `export`) that does not exist: the missing-file message,
    /// and where a store comes from (a new user's `kabar stats` before any run).
    static func missingStore(_ path: String) -> ExitCode {
        error("\(path): no such file or folder; no store there yet (kabar demo or kabar run makes one), or give --data the folder a run wrote")
        return ExitCode(ExitStatus.badInput)
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }

    /// Whether standard error is a terminal (progress lines are shown only there).
    static var stderrIsTerminal: Bool { isatty(2) == 1 }
}

/// The exit statuses, the same for every command (README, "Exit status"): 0 done; 1 the work
/// failed (a page or file, a run as a whole, a check, a store in use); 2 an input is wrong and
/// nothing was done (a missing or unreadable file or folder, a bad schedule or plugin file);
/// 64 the command line itself (an unknown option or bad value; the usage follows).
enum ExitStatus {
    static let failed: Int32 = 1
    static let badInput: Int32 = 2
}

/// Collects output and writes it in large chunks.
struct FileHandleWriter {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(fd: Int32) {
        self.fd = fd
        buffer.reserveCapacity(1 << 16)
    }

    mutating func writeLine(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        var offset = 0
        while offset < buffer.count {
            let n = buffer[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
