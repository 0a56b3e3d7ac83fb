import Foundation

/// Buffered standard output and unbuffered diagnostics for the commands.
enum CLIOutput {
    nonisolated(unsafe) static var stdout = FileHandleWriter(fd: 1)

    /// "kabar: <message>" on standard error.
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("kabar: \(message)\n".utf8))
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }

    /// Whether standard error is a terminal (progress lines are shown only there).
    static var stderrIsTerminal: Bool { isatty(2) == 1 }
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
