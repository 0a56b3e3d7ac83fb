import ArgumentParser
import Foundation
import KabarCore
import KabarPlugins

/// `--plugins DIR`: where declarative extractors (`<id>.yaml`) are read from. Default:
/// `$KABAR_PLUGINS`, else `Plugins` in the current directory when it exists. A broken file
/// stops the command with every problem listed (file:line: key: reason), exit status 2.
/// Shared by `kabar` and `kabar-postgres`, so both read the same extractors.
public struct PluginOptions: ParsableArguments {
    @Option(name: .customLong("plugins"), help: ArgumentHelp(
        "Folder of declarative extractors (<id>.yaml) (default: $KABAR_PLUGINS, else ./Plugins when present).",
        valueName: "dir"))
    public var folder: String?

    public init() {}

    /// The Swift plugins and the folder's declarative ones.
    public func catalog() throws -> PluginCatalog {
        do {
            return try PluginCatalog.load(folder: PluginCatalog.folder(explicit: folder))
        } catch let error as PluginCatalogError {
            for e in error.errors { CLIMessage.error(e.description) }
            throw ExitCode(2)
        }
    }

    public func registry() throws -> ExtractorRegistry { try catalog().registry }
}
