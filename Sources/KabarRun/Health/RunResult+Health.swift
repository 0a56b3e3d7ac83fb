import Foundation
import KabarCore

extension RunResult {
    /// The summary line, then the run's health: a line per extractor and each warning.
    public var report: String {
        ([summary] + (health?.lines ?? [])).joined(separator: "\n")
    }
}
