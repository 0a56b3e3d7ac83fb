import Foundation

/// Adds a new Swift plugin to the two hand-kept lists: `sitePlugins` in Package.swift and
/// `BuiltinExtractors.all`. Each file is edited only where its known anchor line is found;
/// otherwise the exact lines to add are returned for the user.
struct SwiftPluginRegistrar {
    let typeName: String
    let folder: String

    var target: String { "\(typeName)Extractor" }
    var packageLine: String { "    (\"\(target)\", \"\(folder)\")," }

    /// Edits what it safely can under `root`; returns what it did and what is left to do, each
    /// with the exact lines and where they go (a Swift plugin is used only once it is in both
    /// lists: the target in Package.swift, the instance in the list the CLI reads).
    func register(root: URL) -> [String] {
        var report: [String] = []
        let package = root.appendingPathComponent("Package.swift")
        if !FileManager.default.fileExists(atPath: package.path) {
            // Run outside the repository: the lines below go into files that are not here.
            report.append("NOTE: no Package.swift in \(root.standardizedFileURL.path): a Swift plugin is compiled into kabar, so it belongs in the Kabar "
                + "repository: move \(folder) into the repository's Plugins folder and add the lines below to its files (or run "
                + "new-extractor --swift in the repository's folder); a declarative plugin (without --swift) needs no rebuild")
        }
        let packageAnchor = "    (\"GenericExtractor\", \"Plugins/Generic\"),"
        if edit(package, anchor: packageAnchor, insert: packageLine, before: true) {
            report.append("added to Package.swift, in sitePlugins (the plugin's target):\n\(packageLine)")
        } else {
            report.append("ADD to Package.swift, in `let sitePlugins` before the GenericExtractor line (the plugin's target):\n\(packageLine)")
        }
        let builtin = root.appendingPathComponent("Sources/KabarPlugins/BuiltinExtractors.swift")
        let importLine = "import \(target)", instanceLine = "        \(typeName)(),"
        if edit(builtin, anchor: "        Generic(),", insert: instanceLine, before: true),
           edit(builtin, anchor: "import KabarCore", insert: importLine, before: false) {
            report.append("added to Sources/KabarPlugins/BuiltinExtractors.swift (the plugins the CLI reads): after import KabarCore,\n"
                + "\(importLine)\nand in BuiltinExtractors.all, before Generic(),\n\(instanceLine)")
        } else {
            report.append("ADD to Sources/KabarPlugins/BuiltinExtractors.swift (the plugins the CLI reads): after import KabarCore,\n"
                + "\(importLine)\nand in BuiltinExtractors.all, before Generic(),\n\(instanceLine)")
        }
        report.append("a Swift plugin is compiled in: run swift build before kabar uses it (kabar sites lists it then)")
        return report
    }

    /// Inserts `insert` as a line before or after the first line equal to `anchor`; false when
    /// the file or the anchor is missing (nothing written).
    func edit(_ file: URL, anchor: String, insert: String, before: Bool) -> Bool {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return false }
        var lines = text.components(separatedBy: "\n")
        if lines.contains(insert) { return true }
        guard let i = lines.firstIndex(of: anchor) else { return false }
        lines.insert(insert, at: before ? i : i + 1)
        return (try? lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)) != nil
    }
}
