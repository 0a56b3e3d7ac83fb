import Foundation

/// Adds a new Swift plugin to the two hand-kept lists: `sitePlugins` in Package.swift and
/// `BuiltinExtractors.all`. Each file is edited only where its known anchor line is found;
/// otherwise the exact lines to add are returned for the user.
struct SwiftPluginRegistrar {
    let typeName: String
    let folder: String

    var target: String { "\(typeName)Extractor" }
    var packageLine: String { "    (\"\(target)\", \"\(folder)\")," }

    /// Edits what it safely can under `root`; returns what it did and what is left to do.
    func register(root: URL) -> [String] {
        var report: [String] = []
        let package = root.appendingPathComponent("Package.swift")
        if edit(package, anchor: "    (\"GenericExtractor\", \"Plugins/Generic\"),", insert: packageLine, before: true) {
            report.append("added \(target) to sitePlugins in Package.swift")
        } else {
            report.append("add to sitePlugins in Package.swift:\n\(packageLine)")
        }
        let builtin = root.appendingPathComponent("Sources/KabarPlugins/BuiltinExtractors.swift")
        if edit(builtin, anchor: "        Generic(),", insert: "        \(typeName)(),", before: true),
           edit(builtin, anchor: "import KabarCore", insert: "import \(target)", before: false) {
            report.append("added \(typeName)() to BuiltinExtractors.all (Sources/KabarPlugins/BuiltinExtractors.swift)")
        } else {
            report.append("add to Sources/KabarPlugins/BuiltinExtractors.swift:\nimport \(target)\n        \(typeName)(),   // in BuiltinExtractors.all")
        }
        report.append("SwiftPM needs a rebuild for a Swift plugin: swift build")
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
