import Foundation
import KabarCore
import KabarDeclarative

/// The extractors a run uses: the Swift plugins compiled in (`BuiltinExtractors`) and the
/// declarative ones read from a plugins folder at start-up (`<folder>/<id>.yaml`), checked
/// against each other: an id or host claimed twice is an error naming both.
public struct PluginCatalog: Sendable {
    /// The folder the declarative files were read from (nil: none).
    public let folder: URL?
    public let declarative: [DeclarativeExtractor]

    /// Every extractor: Swift plugins, then declarative ones, the generic fallback last.
    public var all: [any Extractor] {
        BuiltinExtractors.sitePlugins + declarative.map { $0 as any Extractor } + BuiltinExtractors.all.filter { e in !BuiltinExtractors.sitePlugins.contains { $0.id == e.id } }
    }

    /// The registry: site plugins of both kinds by host, the generic extractor for every other page.
    public var registry: ExtractorRegistry {
        ExtractorRegistry(BuiltinExtractors.sitePlugins + declarative.map { $0 as any Extractor }, fallback: BuiltinExtractors.registry.fallback)
    }

    /// The Swift plugins only (no plugins folder).
    public static let builtin = PluginCatalog(folder: nil, declarative: [])

    public init(folder: URL?, declarative: [DeclarativeExtractor]) {
        self.folder = folder
        self.declarative = declarative
    }

    /// The plugins folder to use: `explicit` (a `--plugins` option), else `$KABAR_PLUGINS`, else
    /// `Plugins` in the current directory when it exists; nil when there is none.
    public static func folder(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        if let explicit, !explicit.isEmpty { return URL(fileURLWithPath: explicit) }
        if let env = environment["KABAR_PLUGINS"], !env.isEmpty { return URL(fileURLWithPath: env) }
        let local = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Plugins")
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: local.path, isDirectory: &isDir) && isDir.boolValue ? local : nil
    }

    /// Reads every declarative file of `folder` (nil: none). Throws `PluginCatalogError` listing
    /// every broken file and every collision.
    public static func load(folder: URL?) throws -> PluginCatalog {
        guard let folder else { return builtin }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDir), isDir.boolValue else {
            throw PluginCatalogError(errors: [DeclarativeError(file: folder.path, line: nil, key: nil, message: "no such plugins folder")])
        }
        let (specs, loadErrors) = DeclarativeLoader().loadFolder(folder, display: Self.display)
        var errors = loadErrors
        var accepted: [DeclarativeExtractor] = []
        for spec in specs {
            if let swift = BuiltinExtractors.all.first(where: { $0.id == spec.id }) {
                errors.append(DeclarativeError(file: spec.file, line: spec.idLine, key: "id",
                                               message: "\"\(spec.id)\" is already the id of the Swift plugin \(String(describing: type(of: swift))) (Plugins/\(String(describing: type(of: swift)))); choose another id"))
                continue
            }
            let others: [(id: String, hosts: [String])] = BuiltinExtractors.sitePlugins.map { ($0.id, $0.hosts) } + accepted.map { ($0.id, $0.hosts) }
            if let host = spec.hosts.first(where: { h in others.contains { $0.hosts.contains(h) } }),
               let owner = others.first(where: { $0.hosts.contains(host) }) {
                errors.append(DeclarativeError(file: spec.file, line: nil, key: "hosts",
                                               message: "\(host) is already claimed by \(owner.id); a host belongs to one extractor"))
                continue
            }
            accepted.append(DeclarativeExtractor(spec: spec))
        }
        if !errors.isEmpty { throw PluginCatalogError(errors: errors) }
        return PluginCatalog(folder: folder, declarative: accepted)
    }

    /// A file's name for messages: relative to the current directory when inside it.
    static func display(_ file: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        let path = file.standardizedFileURL.path
        return path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
    }

    /// The declarative extractor with this id.
    public func declarative(id: String) -> DeclarativeExtractor? { declarative.first { $0.id == id } }
}

/// Declarative files that cannot be used; one line per problem.
public struct PluginCatalogError: Error, CustomStringConvertible {
    public let errors: [DeclarativeError]
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
