import Foundation
import Testing
@testable import KabarHTML

/// The fast JSON parser gives what `JSONDecoder` gives, and refuses what is not JSON.
struct JSONParserTests {
    static let samples = [
        #"{"@context":"https://schema.org","@type":["NewsArticle"],"headline":"Caf\u00e9 \"quoted\" \/ slash","n":-12.5e2,"ok":true,"no":false,"x":null}"#,
        #"[1, 2.0, 0, -0.5, 1E3, "a\nb\tc", {"nested": [[], {}]}]"#,
        #"  {"emoji": "\ud83d\ude00 ok", "plain": "Grüße, 東京", "empty": ""}  "#,
        #""just a string""#,
        "42",
    ]

    @Test(arguments: samples)
    func agreesWithJSONDecoder(_ text: String) throws {
        let data = Data(text.utf8)
        let fast = try JSONParser.parse(data)
        let reference = try JSONDecoder().decode(JSONValue.self, from: data)
        #expect(fast == reference)
    }

    @Test(arguments: [#"{"a":1,}"#, #"{"a":"raw"#, "{\"a\":\"line\nbreak\"}", "[01]", "tru", #"{"a" 1}"#, #""\ud800""#, "[1] x", ""])
    func refusesWhatIsNotJSON(_ text: String) {
        #expect(throws: (any Error).self) { try JSONParser.parse(Data(text.utf8)) }
    }

    @Test func surrogatePairsAndEscapes() throws {
        let v = try JSONParser.parse(Data(#"{"s":"\ud83d\ude00\u00e9\\"}"#.utf8))
        #expect(v["s"]?.string == "😀é\\")
    }
}
