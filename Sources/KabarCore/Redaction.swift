import Foundation

/// Hides secrets in text that is printed: the password of any `scheme://user:password@host`
/// URL (proxies, `postgres://user:password@host/db`) becomes `***`, and so does the value of
/// `password=`, `passwd=`, `pwd=`, `secret=`, `token=` and `api_key=` (in a query or a
/// key=value connection string), and of the parameters that sign or authorise a URL: `sig=`
/// and `signature=` (Azure SAS, CloudFront), `X-Amz-Signature=`, `X-Amz-Credential=`,
/// `X-Amz-Security-Token=`, `X-Goog-Signature=`, `Key-Pair-Id=`, `Policy=`, `access_token=`,
/// `hmac=`, `hash=`, `auth=`, session ids and the like. Everything that prints a URL or value from configuration,
/// logs, errors and `--json` output alike, goes through `redact`.
///
/// ```swift
/// Redaction.redact("http://bob:hunter2@proxy:3128")   // "http://bob:***@proxy:3128"
/// ```
public enum Redaction {
    public static let mask = "***"

    private static let userinfo = try! NSRegularExpression(
        pattern: #"([A-Za-z][A-Za-z0-9+.\-]*://[^/\s:@"'<>]*:)([^@/\s"'<>]*)@"#)
    // Two patterns, each short: the one long pattern these two were (297 characters) was
    // reported by the fuzzers' leak check as 594 bytes (its UTF-16 copy) lost inside
    // Foundation's `_CFRegularExpressionCreate`; and the secrets and the signatures read more
    // easily apart.
    private static let secrets = try! NSRegularExpression(
        pattern: #"(?i)\b(password|passwd|pwd|secret|token|api_key|apikey|api-key|access_token|auth_token|refresh_token|id_token|client_secret)=([^&\s;"',]+)"#)
    private static let signatures = try! NSRegularExpression(
        pattern: #"(?i)\b(sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token|x-goog-signature|x-goog-credential|key-pair-id|policy|hmac|hash|auth|session|sessionid|sid)=([^&\s;"',]+)"#)

    /// `text` with every password and secret value replaced by `***`.
    public static func redact(_ text: String) -> String {
        guard text.contains("@") || text.contains("=") else { return text }
        var out = text
        var range = NSRange(out.startIndex..., in: out)
        out = userinfo.stringByReplacingMatches(in: out, range: range, withTemplate: "$1\(mask)@")
        for pattern in [secrets, signatures] {
            range = NSRange(out.startIndex..., in: out)
            out = pattern.stringByReplacingMatches(in: out, range: range, withTemplate: "$1=\(mask)")
        }
        return out
    }

    /// A URL's text with its password (if any) replaced by `***`.
    public static func redact(_ url: URL) -> String { redact(url.absoluteString) }
}
