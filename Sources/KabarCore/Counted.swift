/// A count with its noun in the right number, as every message prints one: `counted(1, "file")`
/// is "1 file", `counted(0, "file")` "0 files", `counted(2, "entry", plural: "entries")` "2 entries".
public func counted<Count: BinaryInteger>(_ count: Count, _ noun: String, plural: String? = nil) -> String {
    "\(count) " + (count == 1 ? noun : plural ?? noun + "s")
}
