import Foundation
import KabarCore

/// A site's own date pattern (`date_format: 'dd MMMM yyyy HH:mm'`, Unicode date format), read
/// in the site's language and zone. Tried before `NewsDateParser`'s forms.
enum DateFormat {
    static func parse(_ text: String, format: String, language: String?, offset: Int?) -> NewsDate? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: language ?? "en_US_POSIX")
        formatter.dateFormat = format
        formatter.isLenient = false
        let seconds = offset ?? 0
        formatter.timeZone = TimeZone(secondsFromGMT: seconds)
        guard let date = formatter.date(from: text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
        return NewsDate(date: date, utcOffset: seconds)
    }
}
