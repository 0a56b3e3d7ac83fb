import KabarEval
import Testing

struct ShingleTests {
    @Test func tokensAreWordRunsLowerCased() {
        #expect(Shingles.tokens("Hello, World! It's 2024_05.") == ["hello", "world", "it", "s", "2024_05"])
    }
}
