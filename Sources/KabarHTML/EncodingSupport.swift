import CLibXML2
import Foundation

/// Whether libxml2 can decode a charset name, asked of libxml2 once per name. For encodings
/// it has no built-in converter for (windows-1252, Shift_JIS...) `xmlFindCharEncodingHandler`
/// opens iconv converters and allocates a handler on every call, which the caller must close:
/// asking per page without closing leaked about 32 KB for every page not in UTF-8 (found by
/// the HTML fuzzer under LeakSanitizer).
enum EncodingSupport {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var known: [String: Bool] = [:]
    /// Names come from pages: only this many answers are kept.
    static let cacheLimit = 256

    static func isSupported(_ name: String) -> Bool {
        let key = name.lowercased()
        if let answer = lock.withLock({ known[key] }) { return answer }
        let handler = xmlFindCharEncodingHandler(name)
        if let handler { xmlCharEncCloseFunc(handler) }
        let answer = handler != nil
        lock.withLock { if known.count < cacheLimit { known[key] = answer } }
        return answer
    }
}
