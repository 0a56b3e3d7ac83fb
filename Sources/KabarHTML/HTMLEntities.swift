import CLibXML2
import Foundation

/// Decodes HTML character references (`&amp;`, `&#8211;`, `&#x2014;`, `&nbsp;`) in text that
/// did not come through the HTML parser (JSON-LD strings, meta values written twice-escaped).
/// Named references are looked up in libxml2's HTML entity table.
public enum HTMLEntities {
    public static func decode(_ text: String) -> String {
        guard hasReference(text) else { return text }
        LibXML.initialize()
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            guard c == "&", let semi = scalars[(i + 1)...].prefix(12).firstIndex(of: ";") else {
                out.append(c); i += 1; continue
            }
            let name = String(String.UnicodeScalarView(scalars[(i + 1)..<semi]))
            if let value = lookup(name) {
                out.append(value)
                i = semi + 1
            } else {
                out.append(c); i += 1
            }
        }
        return String(out)
    }

    /// Whether `text` has an `&` (`memchr` over its bytes: every field of every record is
    /// asked, the body's whole text among them, and few have one).
    static func hasReference(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return false }
            return memchr(base, 0x26, bytes.count) != nil
        }
    }

    static func lookup(_ name: String) -> Unicode.Scalar? {
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let value: UInt32?
            if digits.first == "x" || digits.first == "X" { value = UInt32(digits.dropFirst(), radix: 16) }
            else { value = UInt32(digits) }
            return value.flatMap(Unicode.Scalar.init)
        }
        guard !name.isEmpty, let desc = htmlEntityLookup(name) else { return nil }
        return Unicode.Scalar(desc.pointee.value)
    }
}
