import KabarCore
import Testing

/// `counted`: the noun in the singular for exactly one, in the plural otherwise.
struct CountedTests {
    @Test func theNounAgreesWithTheCount() {
        #expect(counted(1, "file") == "1 file")
        #expect(counted(0, "file") == "0 files")
        #expect(counted(2, "WARC record") == "2 WARC records")
        #expect(counted(1, "entry", plural: "entries") == "1 entry")
        #expect(counted(3, "entry", plural: "entries") == "3 entries")
        #expect(counted(-1, "day") == "-1 days")
    }
}
