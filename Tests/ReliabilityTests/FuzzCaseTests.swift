import Foundation
import KabarFuzzTargets
import KabarTesting
import Testing

/// Replays every saved fuzz case (`Tests/FuzzCases/<surface>/`: inputs that crashed, hung or
/// blew up a fuzz target once, and constructed hostile inputs) through the same entry point
/// the libFuzzer targets of `Fuzz/` call. A case that crashes again crashes this test process.
@Suite struct FuzzCaseTests {
    static let root = Corpus.packageRoot.appendingPathComponent("Tests/FuzzCases")

    static func cases(_ surface: FuzzSurface) -> [URL] {
        let dir = root.appendingPathComponent(surface.rawValue)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted().map { dir.appendingPathComponent($0) }
    }

    /// A hang (a regression of a case saved for a timeout) fails by the time limit.
    @Test(.timeLimit(.minutes(2)), arguments: FuzzSurface.allCases)
    func savedCasesRunToTheEnd(_ surface: FuzzSurface) throws {
        let cases = Self.cases(surface)
        #expect(!cases.isEmpty, "no saved cases in Tests/FuzzCases/\(surface.rawValue)")
        for file in cases {
            let data = try Data(contentsOf: file)
            surface.run(data)
        }
    }
}
