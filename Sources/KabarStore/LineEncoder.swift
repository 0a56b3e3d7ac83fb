import Dispatch
import KabarCore
import Synchronization

/// Encodes the JSON lines of a chunk of records on two threads while the storing thread looks
/// the chunk up in the index: a background thread starts at once, the storing thread joins it
/// when its lookups are done, and both take the next few records from a shared counter.
///
/// Lines are encoded as first revisions (`storedRevision` 1, no `duplicate_of`), what almost
/// every new URL becomes; the store re-encodes the rare record that turns out otherwise, and
/// does not use the lines of records it does not write (duplicates, unchanged pages). Records
/// whose URL the index may already hold are left out (`wanted`), since they are mostly unchanged.
final class LineEncoder: @unchecked Sendable {
    private let articles: [Article]
    private let positions: [Int]
    private let base: Int
    /// Line per position of the chunk (empty: not encoded).
    private let lines: UnsafeMutableBufferPointer<[UInt8]>
    private let next = Atomic<Int>(0)
    private let background = DispatchSemaphore(value: 0)
    private var joined = false
    /// Records taken from the counter at a time.
    private static let step = 16

    /// Starts encoding `articles[range]` where `wanted(index)` holds.
    init(_ articles: [Article], _ range: Range<Int>, wanted: (Int) -> Bool) {
        self.articles = articles
        self.base = range.lowerBound
        self.positions = range.filter(wanted)
        self.lines = .allocate(capacity: range.count)
        lines.initialize(repeating: [])
        if positions.isEmpty {
            background.signal()
        } else {
            DispatchQueue.global(qos: .userInitiated).async { [self] in
                work()
                background.signal()
            }
        }
    }

    deinit {
        if !joined { finish() }
        lines.deinitialize()
        lines.deallocate()
    }

    /// Encodes alongside the background thread until nothing is left, then waits for it.
    func finish() {
        guard !joined else { return }
        joined = true
        work()
        background.wait()
    }

    /// The first-revision line of `articles[index]` (newline included), if it was encoded.
    /// Call after `finish`.
    func line(_ index: Int) -> [UInt8]? {
        let line = lines[index - base]
        return line.isEmpty ? nil : line
    }

    private func work() {
        while true {
            let start = next.add(Self.step, ordering: .relaxed).oldValue
            guard start < positions.count else { return }
            for k in start..<min(start + Self.step, positions.count) {
                let i = positions[k]
                var bytes: [UInt8] = []
                bytes.reserveCapacity(2048)
                RecordJSON.append(articles[i], storedRevision: 1, to: &bytes)
                bytes.append(0x0A)
                lines[i - base] = bytes
            }
        }
    }
}
