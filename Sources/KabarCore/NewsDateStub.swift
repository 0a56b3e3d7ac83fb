// TEMPORARY until NewsDate.swift lands.
import Foundation
public struct NewsDate: Sendable, Hashable, Codable, Comparable {
    public let date: Date
    public let utcOffset: Int
    public init(date: Date, utcOffset: Int) { self.date = date; self.utcOffset = utcOffset }
    public var iso8601: String { "" }
    public static func < (a: NewsDate, b: NewsDate) -> Bool { a.date < b.date }
}
public enum NewsDateParser { public static func parse(_ text: String, defaultOffset: Int? = nil) -> NewsDate? { nil } }
