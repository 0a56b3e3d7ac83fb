import Foundation
import KabarCore

extension RunResult {
    /// The summary line, its notes, then the run's health: a line per extractor and each warning.
    public var report: String {
        ([summary] + notes.map { "note: " + $0 } + (health?.lines ?? [])).joined(separator: "\n")
    }
}
