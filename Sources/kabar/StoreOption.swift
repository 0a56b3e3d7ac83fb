import ArgumentParser
import Foundation

/// `--store` on run, schedule, extract, reextract and stats: a data folder (the embedded
/// default store, the same as `--data`) or a `postgres://` URL, which hands the whole command
/// line over to `kabar-postgres` (the nested Postgres/ package: PostgreSQL store, shared
/// frontier, workers), found beside this executable or on PATH.
enum StoreOption {
    static let help = ArgumentHelp(
        "A data folder (as --data), or postgres://user:password@host:port/database: the command is run by kabar-postgres (see kabar-postgres --help).",
        valueName: "folder-or-url")

    /// The data folder to use instead of `--data`, or nil; never returns for a postgres:// URL.
    static func resolve(_ store: String?) throws -> String? {
        guard let store else { return nil }
        guard store.hasPrefix("postgres://") || store.hasPrefix("postgresql://") else { return store }
        guard let tool = locate() else {
            throw ValidationError("""
                --store postgres://... needs kabar-postgres, which was not found beside kabar or on PATH. \
                Build it with `swift build --package-path Postgres -c release` (it fetches postgres-nio) and put \
                Postgres/.build/release/kabar-postgres beside kabar or on PATH.
                """)
        }
        let arguments = [tool] + CommandLine.arguments.dropFirst()
        var argv = arguments.map { strdup($0) } + [nil]
        execv(tool, &argv)
        throw ValidationError("cannot run \(tool): \(String(cString: strerror(errno)))")
    }

    static func locate() -> String? {
        let fm = FileManager.default
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var candidates = [me.deletingLastPathComponent().appendingPathComponent("kabar-postgres").path]
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            candidates.append(URL(fileURLWithPath: String(dir)).appendingPathComponent("kabar-postgres").path)
        }
        return candidates.first { fm.isExecutableFile(atPath: $0) }
    }
}
