import Foundation

extension Data {
    /// These bytes without the `cuts` (ascending, not overlapping, offsets from the start),
    /// copied once into storage of the final size.
    func leavingOut(_ cuts: [Range<Int>]) -> Data {
        var out = Data()
        out.reserveCapacity(count - cuts.reduce(0) { $0 + $1.count })
        var from = 0
        for cut in cuts {
            out.append(self[startIndex + from ..< startIndex + cut.lowerBound])
            from = cut.upperBound
        }
        out.append(self[(startIndex + from)...])
        return out
    }
}
