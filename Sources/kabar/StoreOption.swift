import ArgumentParser
import Foundation

/// `--store` on run, schedule, extract, reextract, stats, export and worker: a data folder (the
/// embedded default store, the same as `--data`) or a `postgres://` URL, which hands the whole
/// command line over to `kabar-postgres` (the nested Postgres/ package: PostgreSQL store,
/// shared frontier, workers), found beside this executable or on PATH.
///
/// The hand-off happens before parsing (`Kabar.main`), so options only kabar-postgres knows
/// (`--name`, `--lease-seconds`, ...) pass through untouched.
enum StoreOption {
    static let help = ArgumentHelp(
        "A data folder (as --data), or postgres://user:password@host:port/database: the command is run by kabar-postgres (see kabar-postgres --help).",
        valueName: "folder-or-url")

    /// The commands that take `--store`.
    static let commands: Set<String> = ["run", "schedule", "extract", "reextract", "stats", "export", "worker"]

    static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// The `--store` value of a command line (`--store X` or `--store=X`), or nil.
    static func value(in arguments: [String]) -> String? {
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "--" { return nil }
            if a == "--store", i + 1 < arguments.count { return arguments[i + 1] }
            if a.hasPrefix("--store=") { return String(a.dropFirst("--store=".count)) }
            i += 1
        }
        return nil
    }

    /// Execs kabar-postgres with the same arguments when the command line is one of `commands`
    /// with `--store postgres://...`; exits with status 2 and says how to build it when it is
    /// not found. Returns otherwise.
    static func handOffIfPostgres(_ arguments: [String] = CommandLine.arguments) {
        let rest = Array(arguments.dropFirst())
        guard let command = rest.first, commands.contains(command),
              let store = value(in: rest), isPostgres(store) else { return }
        guard let tool = locate() else {
            CLIOutput.error("""
                --store postgres://... needs kabar-postgres, which was not found beside kabar or on PATH. \
                Build it with `swift build --package-path Postgres -c release` (it fetches and builds postgres-nio) \
                and put Postgres/.build/release/kabar-postgres beside kabar or on PATH.
                """)
            exit(2)
        }
        let (forwarded, data) = withoutData(rest)
        if let data {
            CLIOutput.note("kabar: --data \(data) is not used with --store postgres://...: the records, index and runs are in the database, "
                + "and this worker's WARC files under --warc (default ./data-<worker name>)")
        }
        var argv = ([tool] + forwarded).map { strdup($0) } + [nil]
        execv(tool, &argv)
        CLIOutput.error("cannot run \(tool): \(String(cString: strerror(errno)))")
        exit(2)
    }

    /// The command line without its `--data X` / `--data=X` (before any `--`), and X. No
    /// kabar-postgres command takes `--data`: with a PostgreSQL store there is no data folder
    /// (the WARC files go under `--warc`), so `kabar schedule --store postgres://... --data X`
    /// was refused by kabar-postgres for an option the user gave kabar.
    static func withoutData(_ arguments: [String]) -> (arguments: [String], data: String?) {
        var kept: [String] = [], data: String?, i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "--" { kept += arguments[i...]; break }
            if a == "--data", i + 1 < arguments.count {
                data = arguments[i + 1]
                i += 2
                continue
            }
            if a.hasPrefix("--data=") { data = String(a.dropFirst("--data=".count)) } else { kept.append(a) }
            i += 1
        }
        return (kept, data)
    }

    /// The data folder to use instead of `--data`, or nil. A postgres:// URL never gets here
    /// (`handOffIfPostgres` took it); a command run in-process (tests) is told so.
    static func resolve(_ store: String?) throws -> String? {
        guard let store else { return nil }
        guard isPostgres(store) else { return store }
        throw ValidationError("--store postgres://... is run by kabar-postgres (the command line is handed to it by kabar's entry point)")
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

/// `kabar worker --store postgres://... [SCHEDULE...]`: handed to kabar-postgres before parsing;
/// reaching this command means `--store` was not a PostgreSQL URL.
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Work with other workers on schedules over a shared PostgreSQL database (--store postgres://...), until stopped.",
        discussion: """
        Run by kabar-postgres (the nested Postgres/ package; see README "Running several \
        workers"). A due schedule's run is taken by whichever worker gets its advisory lock; \
        every worker fetches from the shared frontier through leases; a killed worker's URLs \
        return to the queue after --lease-seconds. Other options (--name, --warc, \
        --lease-seconds, --quiet, --metrics HOST:PORT for Prometheus) are kabar-postgres worker's.
        """
    )

    @Option(help: "The database: postgres://user:password@host:port/database")
    var store: String

    @Argument(parsing: .allUnrecognized, help: "Schedule files or folders of them (default: Schedules), and kabar-postgres worker's options.")
    var rest: [String] = []

    func run() throws {
        CLIOutput.error("worker needs --store postgres://user:password@host:port/database (a data folder has one worker: use kabar schedule)")
        throw ExitCode(2)
    }
}
