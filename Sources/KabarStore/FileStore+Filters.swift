import CSQLite
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KabarCore

/// The probabilistic filters in front of the index lookups: filled from the index at open.
extension FileStore {
    /// Loads every URL id and every stored SimHash (from band 0) into the filters; returns the
    /// number of URL ids.
    func fillFilters() throws -> Int {
        var urls = 0
        if urlFilter.isEnabled {
            let s = try db.prepare("SELECT id FROM urls")
            while try s.step() { urlFilter.insert(UInt64(bitPattern: s.int64(0))); urls += 1 }
            s.reset()
        }
        if nearFilter.isEnabled {
            let s = try db.prepare("SELECT k FROM band0")
            let r = bands.bands[0].rotation
            while try s.step() { nearFilter.insert(SimHashBands.rotl(UInt64(bitPattern: s.int64(0)), (64 - r) & 63)) }
            s.reset()
        }
        return urls
    }
}
