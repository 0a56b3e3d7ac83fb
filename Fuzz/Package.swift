// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets over Kabar's input surfaces, one executable each, calling the entry points
// of the root package's KabarFuzzTargets library. A package of its own so that a plain
// `swift build` of Kabar never builds them (they link only with -sanitize=fuzzer). Build and
// run them with Fuzz/run.sh.
let surfaces = ["HTML", "Date", "Feed", "WARC", "Schedule"]

let package = Package(
    name: "KabarFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "Kabar", path: "..")],
    targets: surfaces.map { surface in
        .executableTarget(
            name: "Fuzz\(surface)",
            dependencies: [.product(name: "KabarFuzzTargets", package: "Kabar")],
            path: "Sources/Fuzz\(surface)"
        )
    }
)
