import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// Progress of a run: on a terminal, one status line redrawn in place (discovered, fetched,
/// stored, unchanged, duplicates, failed, rate, ETA); otherwise a plain log line every few
/// seconds through swift-log.
public final class RunProgress: @unchecked Sendable {
    public enum Mode: Sendable {
        case terminal
        case log(interval: Double)
        case silent
    }

    let name: String
    let mode: Mode
    let logger: Logger
    private let lock = NSLock()
    private var started = Date()
    private var lastDraw = Date.distantPast
    private var drewLine = false
    /// The last status line logged: the same line is not logged twice in a row (a run with
    /// nothing to fetch logged "fetched 0/0" at its start and again at its end).
    private var lastLogged = ""

    public init(name: String, mode: Mode, logger: Logger) {
        self.name = name
        self.mode = mode
        self.logger = logger
    }

    /// A terminal on standard error gets the redrawn line; anything else log lines.
    public static func automaticMode() -> Mode {
        isatty(2) != 0 ? .terminal : .log(interval: 5)
    }

    func start() { lock.withLock { started = Date() } }

    /// A message of its own (discovery results), above the status line.
    func note(_ message: String) { say(message, level: .info) }

    /// Something that went wrong (a failed page, an unreadable source): at warning level.
    func warning(_ message: String) { say(message, level: .warning) }

    private func say(_ message: String, level: Logger.Level) {
        lock.withLock {
            switch mode {
            case .terminal:
                if drewLine { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                FileHandle.standardError.write(Data("\(name): \(level == .warning ? "warning: " : "")\(message)\n".utf8))
                drewLine = false
            case .log:
                logger.log(level: level, "\(name): \(message)")
            case .silent:
                break
            }
        }
    }

    func update(_ c: RunCounters, force: Bool = false) {
        lock.withLock {
            let now = Date()
            switch mode {
            case .terminal:
                guard force || now.timeIntervalSince(lastDraw) >= 0.2 else { return }
                FileHandle.standardError.write(Data("\r\u{1B}[K\(line(c, now: now))".utf8))
                drewLine = true
            case .log(let interval):
                guard force || now.timeIntervalSince(lastDraw) >= interval else { return }
                let text = line(c, now: now)
                guard text != lastLogged else { return }
                lastLogged = text
                logger.info("\(name): \(text)")
            case .silent:
                return
            }
            lastDraw = now
        }
    }

    func finish() {
        lock.withLock {
            if case .terminal = mode, drewLine {
                FileHandle.standardError.write(Data("\n".utf8))
                drewLine = false
            }
        }
    }

    func line(_ c: RunCounters, now: Date) -> String {
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        let rate = Double(c.fetched) / elapsed
        let remaining = max(c.planned - c.done, 0)
        let eta = rate > 0 && remaining > 0 ? Self.clock(Double(remaining) / rate) : "-"
        return "discovered \(c.discovered)  fetched \(c.fetched)/\(c.planned)  stored \(c.stored + c.revised)  unchanged \(c.unchanged)  "
            + "duplicates \(c.duplicates)  failed \(c.failed)  \(String(format: "%.1f", rate)) pages/s  ETA \(eta)"
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
