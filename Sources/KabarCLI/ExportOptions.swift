import ArgumentParser
import Foundation
import KabarStore

/// The options of `kabar export` and `kabar-postgres export` (one set, so that `kabar export
/// --store postgres://...` takes what `kabar export` takes): the filter (`RecordExport`) and
/// where the lines go.
public struct ExportOptions: ParsableArguments {
    @Option(help: "Only this site (the records' site, e.g. tempo).")
    public var site: String?

    @Option(help: ArgumentHelp("Only records filed on this day or later.", valueName: "YYYY-MM-DD"))
    public var since: String?

    @Option(help: ArgumentHelp("Only records filed on this day or earlier.", valueName: "YYYY-MM-DD"))
    public var until: String?

    @Option(help: "Only records of this extractor: an id (any version) or id/version.")
    public var extractor: String?

    @Flag(name: [.customLong("all-revisions"), .customLong("history", withSingleDash: false)],
          help: "Every revision of each URL, the older before the newer (default: the latest only; --history is the same).")
    public var allRevisions = false

    @Option(help: "Write to this file (replaced once the export is complete) instead of standard output.")
    public var output: String?

    public init() {}

    public var filter: RecordExport {
        RecordExport(site: site, since: since, until: until, extractor: extractor, allRevisions: allRevisions)
    }

    public func validate() throws {
        do { try filter.validate() } catch { throw ValidationError("\(error)") }
    }

    public struct OutputFailure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs `body` with a function that writes its bytes to standard output, or to `--output`
    /// through a file beside it renamed at the end: a failed export leaves no half file.
    public func write(_ body: (_ write: @escaping @Sendable (Data) throws -> Void) async throws -> Void) async throws {
        guard let output else {
            let out = FileHandle.standardOutput
            try await body { try out.write(contentsOf: $0) }
            return
        }
        let target = URL(fileURLWithPath: output)
        let partial = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial-\(getpid())")
        let fd = open(partial.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            // Why, not only that: a folder that does not exist, no permission, a full disk.
            throw OutputFailure(description: "--output \(output): cannot create the file: \(String(cString: strerror(errno)).lowercased())")
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do {
            try await body { try handle.write(contentsOf: $0) }
            try handle.close()
            guard rename(partial.path, target.path) == 0 else {
                throw OutputFailure(description: "--output \(output): \(String(cString: strerror(errno)))")
            }
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
    }
}
