import ArgumentParser
import Foundation
import KabarCLI
import KabarConfig
import KabarPlugins

/// The error for a `--site ID` (or `kabar check ID`) that no extractor has: the ids known, the
/// one meant when the id is misspelt, and where declarative files were read from, so that a
/// file written to another folder (`kabar new-extractor --plugins DIR`) is not a mystery.
enum UnknownSite {
    static func error(_ site: String, known: [String], plugins: PluginOptions) -> ValidationError {
        let guess = YAMLReader.didYouMean(site.lowercased(), in: known)
        let place: String
        if let folder = PluginCatalog.folder(explicit: plugins.folder) {
            place = "declarative files (<id>.yaml) were read from \(folder.relativePath); another folder is read with --plugins DIR"
        } else {
            place = "no plugins folder was read: declarative files are read from --plugins DIR, else $KABAR_PLUGINS, else ./Plugins where kabar runs"
        }
        return ValidationError("unknown site '\(site)'; \(guess)known: \(known.joined(separator: ", ")); \(place)")
    }
}
