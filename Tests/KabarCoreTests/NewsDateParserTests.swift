import Foundation
import Testing
@testable import KabarCore

private func iso(_ text: String, defaultOffset: Int? = nil) -> String? {
    NewsDateParser.parse(text, defaultOffset: defaultOffset)?.iso8601
}

@Suite("NewsDateParser: Indonesian site forms")
struct IndonesianFormTests {
    @Test func kamisPipeWIB() {
        #expect(iso("Kamis, 05 November 2015 | 11:13 WIB") == "2015-11-05T11:13:00+07:00")
    }

    @Test func jumatWithApostropheAndDash() {
        #expect(iso("Jum'at, 24 Juli 2026 - 13:39 WIB") == "2026-07-24T13:39:00+07:00")
    }

    @Test func jumatWithoutApostrophe() {
        #expect(iso("Jumat, 24 Juli 2026 - 13:39 WIB") == "2026-07-24T13:39:00+07:00")
    }

    @Test func jumatWithTypographicApostrophe() {
        #expect(iso("Jum\u{2019}at, 24 Juli 2026 - 13:39 WIB") == "2026-07-24T13:39:00+07:00")
    }

    @Test func timeWithDot() {
        #expect(iso("24 Juli 2026 | 11.32 WIB") == "2026-07-24T11:32:00+07:00")
    }

    @Test func englishDayNameWithCommaAfterMonth() {
        #expect(iso("Wednesday, 04 November, 2015 | 07:28 WIB") == "2015-11-04T07:28:00+07:00")
    }

    @Test func englishDayNameWithDoubleSpace() {
        #expect(iso("Wednesday, 04 November 2015 |  07:28 WIB") == "2015-11-04T07:28:00+07:00")
    }

    @Test func noSeparatorBeforeTime() {
        #expect(iso("Sabtu, 27 Januari 2018 11:40 WIB") == "2018-01-27T11:40:00+07:00")
    }

    @Test func singleDigitDay() {
        #expect(iso("Kamis, 4 Maret 2021 | 14:06 WIB") == "2021-03-04T14:06:00+07:00")
    }

    @Test func earlyMorningWithDash() {
        #expect(iso("Kamis, 20 Juli 2017 - 05:01 WIB") == "2017-07-20T05:01:00+07:00")
    }

    @Test func pukulLeadIn() {
        #expect(iso("Senin, 3 Agustus 2020 pukul 09:15 WIB") == "2020-08-03T09:15:00+07:00")
    }

    @Test func zoneInParentheses() {
        #expect(iso("Selasa, 12 Mei 2020 (10:05 WIB)") == "2020-05-12T10:05:00+07:00")
        #expect(iso("12 Mei 2020 10:05 (WIB)") == "2020-05-12T10:05:00+07:00")
    }

    @Test func timeBeforeDate() {
        #expect(iso("11:13 WIB, Kamis 05 November 2015") == "2015-11-05T11:13:00+07:00")
    }

    @Test func zoneWithoutTime() {
        #expect(iso("24 Juli 2026 WITA") == "2026-07-24T00:00:00+08:00")
    }
}

@Suite("NewsDateParser: zones and offsets")
struct ZoneTests {
    @Test func wita() {
        #expect(iso("Kamis, 05 November 2015 | 11:13 WITA") == "2015-11-05T11:13:00+08:00")
    }

    @Test func wit() {
        #expect(iso("Kamis, 05 November 2015 | 11:13 WIT") == "2015-11-05T11:13:00+09:00")
    }

    @Test func gmtPlusHours() {
        #expect(iso("05 November 2015 11:13 GMT+7") == "2015-11-05T11:13:00+07:00")
        #expect(iso("05 November 2015 11:13 GMT-5") == "2015-11-05T11:13:00-05:00")
    }

    @Test func utcPlusHoursMinutes() {
        #expect(iso("05 November 2015 11:13 UTC+07:00") == "2015-11-05T11:13:00+07:00")
        #expect(iso("05 November 2015 11:13 UTC+5:30") == "2015-11-05T11:13:00+05:30")
    }

    @Test func numericOffsetSuffix() {
        #expect(iso("05 November 2015 11:13 +0700") == "2015-11-05T11:13:00+07:00")
        #expect(iso("05 November 2015 11:13 -05:00") == "2015-11-05T11:13:00-05:00")
    }

    @Test func plainGMTAndUTC() {
        #expect(iso("05 November 2015 11:13 GMT") == "2015-11-05T11:13:00+00:00")
        #expect(iso("05 November 2015 11:13 UTC") == "2015-11-05T11:13:00+00:00")
    }

    @Test func instantAccountsForOffset() throws {
        let wib = try #require(NewsDateParser.parse("Kamis, 05 November 2015 | 11:13 WIB"))
        let utc = try #require(NewsDateParser.parse("2015-11-05T04:13:00Z"))
        #expect(wib.date == utc.date)
        #expect(wib.utcOffset == 25200)
        #expect(utc.utcOffset == 0)
        #expect(wib != utc)  // same instant, different offset
        #expect(wib.date.timeIntervalSince1970 == 1_446_696_780)
    }

    @Test func noZoneIndonesianNamesDefaultToWIB() {
        #expect(iso("Kamis, 05 November 2015 11:13") == "2015-11-05T11:13:00+07:00")
        #expect(iso("24 Juli 2026") == "2026-07-24T00:00:00+07:00")
    }

    @Test func noZoneEnglishDefaultsToUTC() {
        #expect(iso("November 4, 2015 7:28 PM") == "2015-11-04T19:28:00+00:00")
        #expect(iso("25/04/2019 10:30") == "2019-04-25T10:30:00+00:00")
    }

    @Test func defaultOffsetAppliesOnlyWithoutZone() {
        #expect(iso("2024-04-22T17:33:43", defaultOffset: 25200) == "2024-04-22T17:33:43+07:00")
        #expect(iso("Kamis, 05 November 2015 11:13", defaultOffset: 3600) == "2015-11-05T11:13:00+01:00")
        #expect(iso("Kamis, 05 November 2015 11:13 WITA", defaultOffset: 3600) == "2015-11-05T11:13:00+08:00")
        #expect(iso("2015-11-05T11:13:00Z", defaultOffset: 25200) == "2015-11-05T11:13:00+00:00")
    }
}

@Suite("NewsDateParser: ISO 8601")
struct ISOFormTests {
    @Test func withOffset() {
        #expect(iso("2026-07-24T13:39:00+07:00") == "2026-07-24T13:39:00+07:00")
    }

    @Test func zulu() {
        #expect(iso("2015-11-05T11:13:00Z") == "2015-11-05T11:13:00+00:00")
    }

    @Test func fractionalSeconds() throws {
        let d = try #require(NewsDateParser.parse("2024-04-22T17:33:43.091856+02:00"))
        #expect(d.iso8601 == "2024-04-22T17:33:43+02:00")
        #expect(d.utcOffset == 7200)
        #expect(abs(d.date.timeIntervalSince1970 - 1_713_800_023.091856) < 0.000_01)
    }

    @Test func noZone() {
        #expect(iso("2024-04-22T17:33:43") == "2024-04-22T17:33:43+00:00")
    }

    @Test func dateOnly() {
        #expect(iso("2024-04-22") == "2024-04-22T00:00:00+00:00")
        #expect(iso("2024-04-22", defaultOffset: 25200) == "2024-04-22T00:00:00+07:00")
    }

    @Test func spaceSeparator() {
        #expect(iso("2024-04-22 17:33:43") == "2024-04-22T17:33:43+00:00")
    }

    @Test func withoutSecondsAndCompactOffset() {
        #expect(iso("2024-04-22T17:33+0700") == "2024-04-22T17:33:00+07:00")
        #expect(iso("2024-04-22T17:33:43-0430") == "2024-04-22T17:33:43-04:30")
    }

    @Test func slashYearFirst() {
        #expect(iso("2019/04/25 10:30") == "2019-04-25T10:30:00+00:00")
    }
}

@Suite("NewsDateParser: RFC 822 and English")
struct EnglishFormTests {
    @Test func rfc822WithNumericOffset() {
        #expect(iso("Thu, 05 Nov 2015 11:13:00 +0700") == "2015-11-05T11:13:00+07:00")
    }

    @Test func rfc822GMT() {
        #expect(iso("Tue, 10 Jun 2003 04:00:00 GMT") == "2003-06-10T04:00:00+00:00")
    }

    @Test func rfc822USZone() {
        #expect(iso("Tue, 10 Jun 2003 04:00:00 EST") == "2003-06-10T04:00:00-05:00")
    }

    @Test func monthDayYearWithPM() {
        #expect(iso("November 4, 2015 7:28 PM") == "2015-11-04T19:28:00+00:00")
    }

    @Test func dayMonthYear() {
        #expect(iso("4 November 2015") == "2015-11-04T00:00:00+00:00")
    }

    @Test func abbreviatedMonthFirst() {
        #expect(iso("Nov 4, 2015") == "2015-11-04T00:00:00+00:00")
        #expect(iso("Nov. 4, 2015") == "2015-11-04T00:00:00+00:00")
    }

    @Test func ordinals() {
        #expect(iso("November 4th, 2015") == "2015-11-04T00:00:00+00:00")
        #expect(iso("1st Dec 2015") == "2015-12-01T00:00:00+00:00")
    }

    @Test func twelveHourClock() {
        #expect(iso("Nov 4, 2015 12:05 AM") == "2015-11-04T00:05:00+00:00")
        #expect(iso("Nov 4, 2015 12:05 PM") == "2015-11-04T12:05:00+00:00")
        #expect(iso("Nov 4, 2015 11:59 pm") == "2015-11-04T23:59:00+00:00")
        #expect(iso("Nov 4, 2015 7:28PM") == "2015-11-04T19:28:00+00:00")
        #expect(iso("Nov 4, 2015 at 7:28 p.m.") == "2015-11-04T19:28:00+00:00")
        #expect(iso("Nov 4, 2015 9:00 a.m. EST") == "2015-11-04T09:00:00-05:00")
    }

    @Test func caseInsensitive() {
        #expect(iso("KAMIS, 05 NOVEMBER 2015 | 11:13 wib") == "2015-11-05T11:13:00+07:00")
        #expect(iso("05 nov 2015") == "2015-11-05T00:00:00+00:00")
    }

    @Test func dashedAbbreviation() {
        #expect(iso("05-Nov-2015") == "2015-11-05T00:00:00+00:00")
    }
}

@Suite("NewsDateParser: month names")
struct MonthNameTests {
    @Test(arguments: [
        ("Januari", 1), ("Jan", 1), ("Februari", 2), ("Feb", 2), ("Pebruari", 2),
        ("Maret", 3), ("Mar", 3), ("April", 4), ("Apr", 4), ("Mei", 5), ("Juni", 6), ("Jun", 6),
        ("Juli", 7), ("Jul", 7), ("Agustus", 8), ("Agu", 8), ("Agt", 8), ("Ags", 8),
        ("September", 9), ("Sep", 9), ("Sept", 9), ("Oktober", 10), ("Okt", 10),
        ("November", 11), ("Nov", 11), ("Nop", 11), ("Desember", 12), ("Des", 12),
        ("January", 1), ("February", 2), ("March", 3), ("May", 5), ("June", 6), ("July", 7),
        ("August", 8), ("Aug", 8), ("October", 10), ("Oct", 10), ("December", 12), ("Dec", 12),
    ])
    func month(name: String, number: Int) throws {
        let d = try #require(NewsDateParser.parse("10 \(name) 2020 08:00", defaultOffset: 0))
        let expected = "2020-" + (number < 10 ? "0" : "") + "\(number)-10T08:00:00+00:00"
        #expect(d.iso8601 == expected)
    }

    @Test(arguments: ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Jum'at", "Sabtu", "Minggu", "Ahad"])
    func indonesianDayNameMarksWIB(day: String) {
        // "September" is shared with English; only the day name makes this Indonesian.
        #expect(iso("\(day), 10 September 2020 08:00") == "2020-09-10T08:00:00+07:00")
    }

    @Test(arguments: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Thu"])
    func englishDayNameIgnored(day: String) {
        #expect(iso("\(day), 10 September 2020 08:00") == "2020-09-10T08:00:00+00:00")
    }
}

/// French, German and Spanish month names, full and abbreviated, from the one month table
/// (before, each of these gave nil without a site's `date_format`).
@Suite("NewsDateParser: French, German and Spanish month names")
struct EuropeanMonthNameTests {
    @Test(arguments: [
        ("7 décembre 2026", "2026-12-07"), ("1er décembre 2026", "2026-12-01"), ("lundi 7 déc. 2026", "2026-12-07"),
        ("7 fevrier 2026", "2026-02-07"), ("15 août 2025", "2025-08-15"), ("3 févr. 2026", "2026-02-03"),
        ("7. Dezember 2026", "2026-12-07"), ("Montag, 7. Dez. 2026", "2026-12-07"), ("3. März 2026", "2026-03-03"),
        ("3. Jänner 2026", "2026-01-03"), ("7 de diciembre de 2026", "2026-12-07"), ("7 dic. 2026", "2026-12-07"),
        ("1 de enero del 2026", "2026-01-01"), ("12 ago 2025", "2025-08-12"), ("MARTES 3 DE MARZO DE 2026", "2026-03-03"),
    ])
    func dayMonthYear(_ text: String, _ day: String) {
        #expect(iso(text, defaultOffset: 0) == day + "T00:00:00+00:00", "\(text)")
    }

    @Test func aTimeAfterTheDateIsRead() {
        #expect(iso("7. Dezember 2026 um 14:30 Uhr", defaultOffset: 3600) == "2026-12-07T14:30:00+01:00")
        #expect(iso("7 de diciembre de 2026, 14:30 CET") == "2026-12-07T14:30:00+01:00")
        #expect(iso("Publié le 7 décembre 2026 à 09:15", defaultOffset: 3600) == "2026-12-07T09:15:00+01:00")
        #expect(iso("7 de diciembre de 2026 a las 14:30", defaultOffset: 3600) == "2026-12-07T14:30:00+01:00")
        #expect(iso("7 décembre 2026 à 10h15", defaultOffset: 3600) == "2026-12-07T10:15:00+01:00")
        // "h" as a time separator only after a date: "10h15" alone before one is no time.
        #expect(iso("10h15, 7 décembre 2026", defaultOffset: 0) == "2026-12-07T00:00:00+00:00")
    }

    /// "de" joins only a day, its month and its year: no date is made of other words.
    @Test func deAloneMakesNoDate() {
        #expect(iso("7 de 2026") == nil)
        #expect(iso("el 7 de la semana de 2026") == nil)
    }
}

@Suite("NewsDateParser: numeric day-first")
struct NumericFormTests {
    @Test func slashWithTime() {
        #expect(iso("25/04/2019 10:30") == "2019-04-25T10:30:00+00:00")
    }

    @Test func dashes() {
        #expect(iso("25-04-2019") == "2019-04-25T00:00:00+00:00")
    }

    @Test func parenthesizedShortMonth() {
        #expect(iso("(25/4/2019)") == "2019-04-25T00:00:00+00:00")
        #expect(iso("Jakarta (25/4/2019) - Presiden ...", defaultOffset: 25200) == "2019-04-25T00:00:00+07:00")
    }

    @Test func dots() {
        #expect(iso("25.04.2019 10:30 WIB") == "2019-04-25T10:30:00+07:00")
    }

    @Test func urlPath() {
        #expect(iso("https://example.com/2019/04/25/some-slug") == "2019-04-25T00:00:00+00:00")
    }

    @Test func twoDigitYear() {
        #expect(iso("25/04/19") == "2019-04-25T00:00:00+00:00")
    }

    @Test func dayFirstNotMonthFirst() {
        #expect(iso("05/04/2019") == "2019-04-05T00:00:00+00:00")
    }
}

@Suite("NewsDateParser: noise and rejects")
struct NoiseAndRejectTests {
    @Test func leadingNoise() {
        #expect(iso("Diperbarui: Kamis, 05 November 2015 | 11:13 WIB") == "2015-11-05T11:13:00+07:00")
        #expect(iso("Published November 4, 2015 7:28 PM") == "2015-11-04T19:28:00+00:00")
        #expect(iso("  \n\tPublished: 2015-11-05T11:13:00Z  ") == "2015-11-05T11:13:00+00:00")
    }

    @Test func trailingNoise() {
        #expect(iso("Kamis, 05 November 2015 | 11:13 WIB · 3 menit baca") == "2015-11-05T11:13:00+07:00")
        #expect(iso("24 Juli 2026, 5 komentar") == "2026-07-24T00:00:00+07:00")
    }

    @Test func nonBreakingSpaces() {
        #expect(iso("Kamis,\u{00A0}05\u{00A0}November\u{00A0}2015\u{00A0}|\u{00A0}11:13\u{00A0}WIB") == "2015-11-05T11:13:00+07:00")
    }

    @Test(arguments: [
        "2024-13-01", "2024-00-10", "2024-04-31", "2023-02-29", "32 Januari 2020",
        "31 Februari 2020", "30 Feb 2020", "25/13/2019", "32/01/2020", "00/01/2020",
        "Kamis, 05 November 2015 | 25:00 WIB", "05 November 2015 11:60", "2024-04-22T17:33:61Z",
        "Nov 4, 2015 13:05 PM", "05 November 2015 11:13 +2500",
    ])
    func impossible(text: String) {
        #expect(NewsDateParser.parse(text) == nil)
    }

    @Test func leapDayAccepted() {
        #expect(iso("29 Februari 2020") == "2020-02-29T00:00:00+07:00")
        #expect(iso("2000-02-29") == "2000-02-29T00:00:00+00:00")
    }

    @Test(arguments: [
        "", "   ", "kemarin", "2 jam lalu", "November 2015", "Nov 4", "12345", "11:13 WIB",
        "1.2.3.4", "COVID-19", "v1.2.2024", "-", "Jum'at", "2024", "2024-04",
    ])
    func unreadable(text: String) {
        #expect(NewsDateParser.parse(text) == nil)
    }

    @Test func garbageNeverCrashes() {
        let samples = [
            String(repeating: "9", count: 400), String(repeating: "12/", count: 200),
            String(repeating: ":", count: 100), "99999999999999999999-99-99",
            "2024-04-22T17:33:43.\(String(repeating: "9", count: 50))Z", "+99999", "GMT+", "UTC+07:",
            "\u{0}\u{FFFF}", "🗞️ 05 November 2015 🗞️", String(repeating: "Kamis ", count: 2000),
        ]
        for s in samples { _ = NewsDateParser.parse(s) }
        #expect(iso("🗞️ 05 November 2015 🗞️") == "2015-11-05T00:00:00+00:00")
    }
}

@Suite("NewsDate")
struct NewsDateValueTests {
    @Test func iso8601Formatting() {
        let d = NewsDate(date: Date(timeIntervalSince1970: 1_446_696_780), utcOffset: 25200)
        #expect(d.iso8601 == "2015-11-05T11:13:00+07:00")
        let utc = NewsDate(date: Date(timeIntervalSince1970: 1_446_696_780), utcOffset: 0)
        #expect(utc.iso8601 == "2015-11-05T04:13:00+00:00")
        let west = NewsDate(date: Date(timeIntervalSince1970: 1_446_696_780), utcOffset: -16200)
        #expect(west.iso8601 == "2015-11-04T23:43:00-04:30")
        let epoch = NewsDate(date: Date(timeIntervalSince1970: 0), utcOffset: 0)
        #expect(epoch.iso8601 == "1970-01-01T00:00:00+00:00")
        let before = NewsDate(date: Date(timeIntervalSince1970: -1), utcOffset: 0)
        #expect(before.iso8601 == "1969-12-31T23:59:59+00:00")
    }

    @Test(arguments: [
        "2015-11-05T11:13:00+07:00", "2024-02-29T23:59:59-08:00", "1999-12-31T00:00:00+00:00",
        "2026-07-24T13:39:00+09:00", "2024-04-22T17:33:43+05:45",
    ])
    func iso8601RoundTrip(text: String) throws {
        let d = try #require(NewsDateParser.parse(text))
        #expect(d.iso8601 == text)
        #expect(NewsDateParser.parse(d.iso8601) == d)
    }

    @Test func parsedRoundTripThroughISO() throws {
        let d = try #require(NewsDateParser.parse("Jum'at, 24 Juli 2026 - 13:39 WIB"))
        #expect(NewsDateParser.parse(d.iso8601) == d)
    }

    @Test func codableRoundTrip() throws {
        let d = try #require(NewsDateParser.parse("Kamis, 05 November 2015 | 11:13 WITA"))
        let data = try JSONEncoder().encode([d])
        #expect(String(decoding: data, as: UTF8.self) == #"["2015-11-05T11:13:00+08:00"]"#)
        let back = try JSONDecoder().decode([NewsDate].self, from: data)
        #expect(back == [d])
    }

    @Test func codableRoundTripKeepsFraction() throws {
        let d = try #require(NewsDateParser.parse("2024-04-22T17:33:43.091856+02:00"))
        let data = try JSONEncoder().encode(d)
        #expect(String(decoding: data, as: UTF8.self) == #""2024-04-22T17:33:43.091856+02:00""#)
        #expect(try JSONDecoder().decode(NewsDate.self, from: data) == d)
    }

    @Test func codableInStruct() throws {
        struct Article: Codable, Equatable { var title: String; var published: NewsDate }
        let a = Article(title: "x", published: try #require(NewsDateParser.parse("2015-11-05T11:13:00Z")))
        let back = try JSONDecoder().decode(Article.self, from: JSONEncoder().encode(a))
        #expect(back == a)
    }

    @Test func decodeAcceptsOtherISOForms() throws {
        let json = Data(#"["2015-11-05T04:13:00Z", "2015-11-05T11:13:00+0700", "2015-11-05 11:13:00+07:00"]"#.utf8)
        let dates = try JSONDecoder().decode([NewsDate].self, from: json)
        #expect(dates.map(\.iso8601) == [
            "2015-11-05T04:13:00+00:00", "2015-11-05T11:13:00+07:00", "2015-11-05T11:13:00+07:00",
        ])
    }

    @Test func decodeRejectsGarbage() {
        let json = Data(#"["not a date"]"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([NewsDate].self, from: json) }
    }

    @Test func ordering() throws {
        let a = try #require(NewsDateParser.parse("Kamis, 05 November 2015 | 11:13 WIB"))  // 04:13Z
        let b = try #require(NewsDateParser.parse("2015-11-05T05:00:00Z"))
        let c = try #require(NewsDateParser.parse("2015-11-05T04:13:00Z"))  // same instant as a
        #expect(a < b)
        #expect([b, a].sorted() == [a, b])
        #expect(c < a)  // same instant: lower offset first
        #expect(!(a < c) && a != c)
    }

    @Test func hashable() throws {
        let a = try #require(NewsDateParser.parse("2015-11-05T11:13:00+07:00"))
        let b = try #require(NewsDateParser.parse("Kamis, 05 November 2015 | 11:13 WIB"))
        #expect(Set([a, b]).count == 1)
    }
}
