import Foundation
import KabarArchive
import KabarCore

/// Date input: the whole input as text, read by the news date parser (with and without a
/// default offset) and by the WARC date parser.
enum DateFuzzTarget {
    static func run(_ data: Data) {
        let text = String(decoding: data.prefix(4096), as: UTF8.self)
        _ = NewsDateParser.parse(text)
        _ = NewsDateParser.parse(text, defaultOffset: 7 * 3600)
        _ = WARCDate.parse(text)
    }
}
