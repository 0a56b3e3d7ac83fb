import Foundation

/// Compressors of one codec and level, reused: a compressor holds its tables (a few hundred KB)
/// and serves one call at a time, so concurrent callers each take an idle one or make another,
/// and give it back. Pools live as long as the process, one per level (`PoolsByLevel`).
final class CompressorPool<Compressor>: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [Compressor] = []

    /// An idle compressor, else a new one from `make`; give it back when done.
    func take(orMake make: () throws -> Compressor) rethrows -> Compressor {
        lock.lock()
        if let c = idle.popLast() { lock.unlock(); return c }
        lock.unlock()
        return try make()
    }

    func give(_ compressor: Compressor) {
        lock.lock()
        idle.append(compressor)
        lock.unlock()
    }
}

/// One pool per level, made at first use.
final class PoolsByLevel<Pool: AnyObject>: @unchecked Sendable {
    private let lock = NSLock()
    private var pools: [Int: Pool] = [:]
    private let make: @Sendable (Int) -> Pool

    init(_ make: @escaping @Sendable (Int) -> Pool) { self.make = make }

    func pool(level: Int) -> Pool {
        lock.lock()
        defer { lock.unlock() }
        if let pool = pools[level] { return pool }
        let pool = make(level)
        pools[level] = pool
        return pool
    }
}

/// A compressor's output buffer, kept at the largest size it needed up to `kept`: a member is then
/// one allocation of its compressed size, not a zero-filled buffer of the input's size (whose free,
/// past glibc's 64 KB threshold, also made malloc consolidate its fast bins). A larger call gets a
/// buffer of its own, freed after it (a pooled buffer lives as long as the process).
final class OutputBuffer {
    static let kept = 1 << 20
    private var buffer = UnsafeMutableRawBufferPointer(start: nil, count: 0)

    deinit { buffer.deallocate() }

    /// Calls `body` with a buffer of at least `bound` bytes.
    func with<T>(_ bound: Int, _ body: (UnsafeMutableRawBufferPointer) throws -> T) rethrows -> T {
        guard bound <= Self.kept else {
            let own = UnsafeMutableRawBufferPointer.allocate(byteCount: bound, alignment: 16)
            defer { own.deallocate() }
            return try body(own)
        }
        if buffer.count < bound {
            buffer.deallocate()
            buffer = .allocate(byteCount: bound, alignment: 16)
        }
        return try body(buffer)
    }
}
