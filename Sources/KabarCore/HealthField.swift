import Foundation

/// A record field whose presence the health report counts for every extractor and run
/// (docs/ADDING-A-SITE.md, "Health").
public enum HealthField: String, CaseIterable, Sendable, Comparable, Codable {
    case headline, body, published, authors
    case leadImage = "lead_image"
    case tags

    /// Whether `article` has this field.
    public func isPresent(in article: Article) -> Bool {
        switch self {
        case .headline: return !(article.headline ?? "").isEmpty
        case .body: return !article.body.isEmpty
        case .published: return article.publishedAt != nil
        case .authors: return !article.authors.isEmpty
        case .leadImage: return article.images.contains { $0.role == .lead }
        case .tags: return !article.tags.isEmpty
        }
    }

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// The least share of a run's pages an extractor expects to fill each field on, e.g.
/// `published: 0.99, lead_image: 0.9`: a run below a floor is a health warning. Declared by a
/// Swift plugin (`Extractor.expectations`) or a declarative file (`expect:`).
public struct FieldExpectations: Sendable, Equatable {
    public var floors: [HealthField: Double]

    public init(_ floors: [HealthField: Double] = [:]) { self.floors = floors }

    public var isEmpty: Bool { floors.isEmpty }

    public subscript(field: HealthField) -> Double? { floors[field] }
}
