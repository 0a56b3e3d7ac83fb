import Foundation
import KabarHTML

/// A short, readable difference between two JSON values.
public enum FieldDiff {
    public static func describe(field: String, expected: JSONValue, actual: JSONValue) -> String {
        if case .array(let e) = expected, case .array(let a) = actual {
            var lines = ["\(field): \(e.count) expected, \(a.count) found"]
            for i in 0..<max(e.count, a.count) {
                let ev = i < e.count ? e[i] : nil
                let av = i < a.count ? a[i] : nil
                if ev != av {
                    lines.append("  [\(i)] expected \(ev.map(\.description) ?? "nothing")")
                    lines.append("  [\(i)]    found \(av.map(\.description) ?? "nothing")")
                }
            }
            return lines.joined(separator: "\n")
        }
        return "\(field): expected \(expected), found \(actual)"
    }
}
