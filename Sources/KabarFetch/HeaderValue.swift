import Foundation

/// A value a person gives for an HTTP header (`user_agent:`, `--user-agent`): one line of
/// text. CR or LF would end the header and start others of the sender's choosing (header
/// injection); libcurl sends the value as it is, so it is refused where it is read.
public enum HeaderValue {
    /// nil when `value` can be sent as a header value; else the reason.
    public static func problem(_ value: String) -> String? {
        guard let bad = value.unicodeScalars.first(where: { $0.value < 0x20 && $0 != "\t" || $0.value == 0x7F }) else { return nil }
        let name = bad == "\r" ? "a carriage return (CR)" : bad == "\n" ? "a line feed (LF)" : String(format: "the control character U+%04X", bad.value)
        return "expected one line of text (it is sent as a header), got \(name)"
    }
}
