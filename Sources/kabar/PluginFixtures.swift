import Foundation
import KabarCore
import KabarDeclarative
import KabarFixtures
import KabarPlugins

/// Where an extractor's fixtures are: `<plugins folder>/<id>/Fixtures` for a declarative one;
/// `Plugins/<Name>/Fixtures` of the plugins folder, else of `./Plugins`, for a Swift one.
enum PluginFixtures {
    static func folder(for extractor: any Extractor, catalog: PluginCatalog) -> URL? {
        var bases: [URL] = []
        if let folder = catalog.folder { bases.append(folder) }
        if !(extractor is DeclarativeExtractor) { bases.append(Corpus.workingFolder.appendingPathComponent("Plugins")) }
        for base in bases {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: base.path) else { continue }
            if let name = names.sorted().first(where: { $0.lowercased() == extractor.id }) {
                let folder = base.appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Fixtures").path) { return folder }
            }
        }
        return nil
    }

    /// Where a first fixture of an extractor without any goes, as a path to type: beside the
    /// declarative file (`Plugins/<id>/Fixtures/NAME.json`), or in a Swift plugin's folder.
    static func suggestedFixture(for extractor: any Extractor) -> String {
        guard let d = extractor as? DeclarativeExtractor else { return "Plugins/<its folder>/Fixtures/NAME.json" }
        let folder = (d.spec.file as NSString).deletingLastPathComponent
        return (folder.isEmpty ? "" : folder + "/") + "\(d.id)/Fixtures/NAME.json"
    }

    /// Where a declarative file is, or "Swift plugin" for a compiled one.
    static func origin(of extractor: any Extractor) -> String {
        if let d = extractor as? DeclarativeExtractor { return d.spec.file }
        return extractor.hosts.isEmpty ? "Swift, the fallback" : "Swift plugin"
    }
}
