// swift-tools-version:6.0
import PackageDescription

// A program embedding Kabar through its library product, as another project would (by path
// here; by URL and version elsewhere). CI builds and runs it: `swift run --package-path Examples/EmbedKabar`.
let package = Package(
    name: "EmbedKabar",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Kabar", path: "../.."),
    ],
    targets: [
        .executableTarget(name: "EmbedKabar", dependencies: [.product(name: "Kabar", package: "Kabar")]),
    ]
)
