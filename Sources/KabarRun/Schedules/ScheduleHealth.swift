import Foundation

/// A schedule's health settings (`health: { second_opinion: 3 }`).
public struct ScheduleHealth: Sendable, Equatable {
    /// Pages per run and site plugin that the generic extractor also reads, to compare its
    /// body with the plugin's (0: none).
    public var secondOpinion = 3

    public init() {}
}
