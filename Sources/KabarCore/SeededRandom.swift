/// A small deterministic generator (SplitMix64): the same seed gives the same numbers, so a
/// generated site or a failing randomised test can be made again from its seed.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Hash64.mix(state)
    }
}
