import Foundation
import KabarCore
import KabarRun

/// Saved pages named on the command line: files as given, folders searched recursively
/// for .html/.htm/.xhtml files (or gzipped ones, .html.gz ...), in a stable order.
enum InputFiles {
    /// The files, and what could not be read (each reported, none dropped silently).
    static func expand(_ paths: [String]) -> (files: [URL], problems: [InputFolder.Problem]) {
        InputFolder.files(paths, wanted: SavedPage.kinds) { SavedPage.isPage($0) }
    }
}
