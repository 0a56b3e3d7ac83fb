import Foundation
import KabarTesting
import Testing

/// The `Kabar` module's public API is its own small facade: its public symbols are the list in
/// PublicAPI.txt (a symbol added or removed fails here until the list is updated on purpose),
/// every one has a doc comment, and no public declaration names a type of another Kabar module
/// (KabarCore, KabarRun...) or of a dependency: only Kabar's, the standard library's and
/// Foundation's. (The compiler checks the last too: the facade imports the internal modules
/// with `internal import`.) Read from the built module with the toolchain's
/// `swift-symbolgraph-extract`.
@Suite struct PublicAPITests {
    struct Symbol: Decodable {
        struct Kind: Decodable { let identifier: String }
        struct Fragment: Decodable { let kind: String; let spelling: String; let preciseIdentifier: String? }
        struct Doc: Decodable {}
        let kind: Kind
        let pathComponents: [String]
        let declarationFragments: [Fragment]?
        let docComment: Doc?
    }
    struct Graph: Decodable { let symbols: [Symbol] }

    /// The symbol graph of the built `Kabar` module, or nil (with the reason recorded).
    static func symbols() throws -> [Symbol]? {
        guard let kabar = Executables.kabar else {
            Issue.record("the kabar executable was not found beside the tests (swift build first)")
            return nil
        }
        let bin = kabar.deletingLastPathComponent()
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        guard let tool = path.split(separator: ":").map({ URL(fileURLWithPath: String($0)).appendingPathComponent("swift-symbolgraph-extract") })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            Issue.record("swift-symbolgraph-extract (part of the Swift toolchain) is not on PATH")
            return nil
        }
        // The C modules the facade's dependencies import: the package's and its checkouts'.
        var maps: [String] = []
        let fm = FileManager.default
        for root in [Corpus.packageRoot.appendingPathComponent("Sources"), bin.appendingPathComponent("../../checkouts").standardized,
                     bin.resolvingSymlinksInPath().appendingPathComponent("../../checkouts").standardized] {
            guard let walk = fm.enumerator(at: root, includingPropertiesForKeys: nil) else { continue }
            for case let file as URL in walk where file.lastPathComponent == "module.modulemap" { maps.append(file.path) }
        }
        // The header folders: libxml2's, a target of the package, and the system libraries'.
        var cflags = ["-Xcc", "-I" + Corpus.packageRoot.appendingPathComponent("Sources/CLibXML2/include").path]
        if let pkgConfig = path.split(separator: ":").map({ URL(fileURLWithPath: String($0)).appendingPathComponent("pkg-config") })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }),
           let flags = try? Executables.run(pkgConfig, ["--cflags", "libcurl"]), flags.status == 0 {
            cflags += flags.stdout.split(whereSeparator: \.isWhitespace).flatMap { ["-Xcc", String($0)] }
        }
        let out = try Executables.temporaryFolder("symbolgraph")
        defer { try? fm.removeItem(at: out) }
        let r = try Executables.run(tool, ["-module-name", "Kabar", "-I", bin.appendingPathComponent("Modules").path,
                                           "-minimum-access-level", "public", "-output-dir", out.path]
                                          + Set(maps).sorted().flatMap { ["-Xcc", "-fmodule-map-file=\($0)"] } + cflags)
        guard r.status == 0 else {
            Issue.record("swift-symbolgraph-extract failed: \(r.stderr)")
            return nil
        }
        return try JSONDecoder().decode(Graph.self, from: Data(contentsOf: out.appendingPathComponent("Kabar.symbols.json"))).symbols
    }

    @Test func thePublicSymbolsAreTheListedOnesDocumentedAndOwn() throws {
        guard let symbols = try Self.symbols() else { return }
        let listed = try String(contentsOf: Corpus.packageRoot.appendingPathComponent("Tests/KabarLibraryTests/PublicAPI.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init).filter { !$0.isEmpty && !$0.hasPrefix("#") }
        let actual = Set(symbols.map { "\($0.kind.identifier) \($0.pathComponents.joined(separator: "."))" })
        let added = actual.subtracting(listed).sorted(), removed = Set(listed).subtracting(actual).sorted()
        #expect(added.isEmpty && removed.isEmpty, """
            the public API changed (if on purpose, update Tests/KabarLibraryTests/PublicAPI.txt): \
            added \(added), removed \(removed)
            """)
        let undocumented = symbols.filter { $0.docComment == nil }.map { $0.pathComponents.joined(separator: ".") }
        #expect(undocumented.isEmpty, "public symbols without a doc comment: \(undocumented)")
        // Types named in public declarations: Kabar's own, the standard library's (s:S..., s:s...)
        // and Foundation's (FoundationEssentials on Linux); a USR of another module (s:<n>KabarCore..., s:<n>Logging...) is a leak.
        var leaks: [String] = []
        for symbol in symbols {
            for fragment in symbol.declarationFragments ?? [] {
                guard let usr = fragment.preciseIdentifier, let module = Self.module(ofUSR: usr) else { continue }
                if !["Kabar", "Foundation", "FoundationEssentials"].contains(module) {
                    leaks.append("\(symbol.pathComponents.joined(separator: ".")): \(fragment.spelling) (\(module))")
                }
            }
        }
        #expect(leaks.isEmpty, "public declarations naming types of other modules: \(leaks)")
    }

    /// The module a Swift USR names (`s:5Kabar6RecordV` → Kabar), nil for the standard library's
    /// short forms (`s:Si`, `s:SS`, `s:Sq`...).
    static func module(ofUSR usr: String) -> String? {
        guard usr.hasPrefix("s:") else { return nil }
        let rest = usr.dropFirst(2)
        let digits = rest.prefix { $0.isNumber }
        guard let length = Int(digits) else { return nil }
        return String(rest.dropFirst(digits.count).prefix(length))
    }
}
