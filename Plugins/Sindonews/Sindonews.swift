import Foundation
import KabarCore
public struct Sindonews: Extractor { public init() {}; public let id = "sindonews"; public let version = 1; public let hosts = ["sindonews.com"]
 public func isArticle(_ url: URL) -> Bool { false }
 public func extract(_ page: Page) throws -> Extraction { Extraction() } }
