import Foundation
import KabarArchive

/// gzip for test bodies, on Kabar's one gzip (KabarArchive's `GzipCodec`, zlib).
public enum TestGzip {
    /// `data` as a gzip file. zlib fails only when it cannot allocate its state.
    public static func compress(_ data: Data) -> Data {
        do { return try GzipCodec.member(data) } catch { fatalError("gzip: \(error)") }
    }

    /// A gzip bomb: `count` zero bytes, which compress about a thousand times.
    public static func zeros(count: Int) -> Data {
        do { return try GzipCodec.member(Data(count: count), level: 9) } catch { fatalError("gzip: \(error)") }
    }
}
