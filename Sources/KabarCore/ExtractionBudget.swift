import Foundation

/// What one page may cost extraction: its size, checked before it is parsed, and its time,
/// checked between the stages (parse, extract, normalise). A page over either fails with
/// the reason (`Exceeded`) instead of holding a worker: a hostile or broken page must not
/// stall a run or a re-extraction.
public struct ExtractionBudget: Sendable, Equatable {
    /// The largest page extracted, in bytes.
    public var maxBytes: Int
    /// Seconds one page may take, all stages together.
    public var maxSeconds: Double

    public init(maxBytes: Int = 64 << 20, maxSeconds: Double = 30) {
        self.maxBytes = maxBytes
        self.maxSeconds = maxSeconds
    }

    public struct Exceeded: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    /// Throws when a page of `bytes` is over the size budget.
    public func checkSize(_ bytes: Int) throws {
        guard bytes > maxBytes else { return }
        throw Exceeded(description: "the page is \(bytes) bytes, over the extraction budget of \(maxBytes) bytes")
    }

    /// The clock of one page's extraction.
    public func start() -> Timer { Timer(budget: self, started: .now) }

    public struct Timer: Sendable {
        let budget: ExtractionBudget
        let started: ContinuousClock.Instant

        /// Throws when the page has taken longer than the budget, naming the stage just done.
        public func check(after stage: String) throws {
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            guard seconds > budget.maxSeconds else { return }
            throw Exceeded(description: String(format: "extraction took %.1f s by the end of %@, over the budget of %g s", seconds, stage, budget.maxSeconds))
        }
    }
}
