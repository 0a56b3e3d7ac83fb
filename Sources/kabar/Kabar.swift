import ArgumentParser
import Foundation

@main
struct Kabar: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kabar",
        abstract: "Ingest news: fetch pages, extract clean article records, store them deduplicated.",
        discussion: """
        Site extractors: Tempo and SINDOnews, declarative ones read at start-up from Plugins/*.yaml \
        (or --plugins DIR, $KABAR_PLUGINS; see docs/ADDING-A-SITE.md and `kabar new-extractor`), \
        and a generic extractor for every other site (see `kabar sites`, `kabar check`). Records are JSON Lines, one article per line (see docs/ARCHITECTURE.md \
        for the fields). The main job: `kabar run Schedules/NAME.yaml`, or `kabar schedule`; `kabar demo` runs it on the repo's sample site, start to end.

        Exit status, every command: 0 done; 1 the work failed (a page or file, a failed check, \
        a run whose summary says FAILED: no source readable, or not one page fetched because of \
        fetch errors or pages no extractor read; pages only skipped as not HTML, gone or \
        disallowed leave a run ok); 2 a bad input, nothing done (a missing file, a bad schedule or \
        plugin file: every problem as file:line: key: reason); 64 the command line itself.
        """,
        version: KabarVersion.string,
        subcommands: [DemoCommand.self, RunCommand.self, ScheduleCommand.self, ExtractCommand.self, ReextractCommand.self, FetchCommand.self, StatsCommand.self, ExportCommand.self, RebuildIndexCommand.self, WorkerCommand.self, SitesCommand.self, CheckCommand.self, ParseCommand.self, NewExtractorCommand.self, EvalCommand.self, TestSiteCommand.self, BenchCommand.self]
    )

    /// `--store postgres://...` hands the command line to kabar-postgres before parsing.
    /// Errors a command does not handle itself are printed as every command's are
    /// (`kabar: ...`, exit status 1); those of the command line keep the usage (exit status 64).
    static func main() async {
        StoreOption.handOffIfPostgres()
        let command: ParsableCommand
        do { command = try parse(Array(CommandLine.arguments.dropFirst())) } catch { exit(withError: error) }
        applyProcessSettings(for: command)
        do {
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var syncCommand = command
                try syncCommand.run()
            }
        } catch let error as ValidationError {
            // A value checked as the command starts (an unknown --site, a bad --since): the
            // usage of that command, as for a value the parser refuses, not the list of commands.
            let usage = usageString(for: type(of: command))
            let name = usage.split(separator: " ").prefix { !"[<-".contains($0.first ?? "-") }.joined(separator: " ")
            FileHandle.standardError.write(Data("Error: \(error.message)\nUsage: \(usage)\n  See '\(name) --help' for more information.\n".utf8))
            exit(withError: ExitCode.validationFailure)
        } catch let error where String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
            // Exit codes, help, version and the command line's own errors.
            exit(withError: error)
        } catch {
            CLIOutput.error("\(error)")
            exit(withError: ExitCode(ExitStatus.failed))
        }
    }
}

extension Kabar {
    /// The command line parsed, a negative number after an option being its value: the parser
    /// takes `-1` for a flag, and `kabar stats --runs -1` said "Missing value for '--runs'".
    /// Read again as `--runs=-1`, the value reaches the option's own check (`--runs: expected
    /// 0 to ..., got -1`). Only when the line does not parse as given, and never after `--`.
    static func parse(_ arguments: [String]) throws -> ParsableCommand {
        do { return try parseAsRoot(arguments) } catch {
            let joined = joiningNegativeValues(arguments)
            guard joined != arguments else { throw error }
            return try parseAsRoot(joined)
        }
    }

    /// `--name -1` as `--name=-1`: each long option without a value, followed by a negative number.
    static func joiningNegativeValues(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "--" { return out + arguments[i...] }
            if a.hasPrefix("--"), a.count > 2, !a.contains("="), i + 1 < arguments.count,
               arguments[i + 1].hasPrefix("-"), Double(arguments[i + 1]) != nil {
                out.append(a + "=" + arguments[i + 1])
                i += 2
                continue
            }
            out.append(a)
            i += 1
        }
        return out
    }
}

enum KabarVersion {
    static let string = "0.1.0"
}
