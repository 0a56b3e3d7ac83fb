import Foundation
import KabarCore
public struct Tempo: Extractor { public init() {}; public let id = "tempo"; public let version = 1; public let hosts = ["tempo.co"]
 public func isArticle(_ url: URL) -> Bool { false }
 public func extract(_ page: Page) throws -> Extraction { Extraction() } }
