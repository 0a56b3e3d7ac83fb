import Foundation
import KabarCore

/// Saved pages named on the command line: files as given, folders searched recursively
/// for .html/.htm files, in a stable order.
enum InputFiles {
    static let extensions: Set<String> = ["html", "htm", "xhtml"]

    /// The files, and what could not be read (each reported, none dropped silently).
    static func expand(_ paths: [String]) -> (files: [URL], problems: [InputFolder.Problem]) {
        InputFolder.files(paths, wanted: "saved pages (.html, .htm, .xhtml)") { extensions.contains($0.pathExtension.lowercased()) }
    }
}
