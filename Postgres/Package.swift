// swift-tools-version:6.0
import PackageDescription

// The PostgreSQL store, shared frontier and `kabar-postgres` (workers). A package of its own so
// that `swift build` / `swift test` at the repository root never fetch or build postgres-nio.
/// Products of the root package, by name.
func kabar(_ names: String...) -> [Target.Dependency] { names.map { .product(name: $0, package: "Kabar") } }

let package = Package(
    name: "KabarPostgres",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kabar-postgres", targets: ["kabar-postgres"]),
        .library(name: "KabarPostgres", targets: ["KabarPostgres"]),
    ],
    dependencies: [
        .package(name: "Kabar", path: ".."),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
    ],
    targets: [
        .target(
            name: "KabarPostgres",
            dependencies: kabar("KabarCore", "KabarRun", "KabarStore", "KabarFetch", "KabarArchive", "KabarPlugins", "KabarSampleSites") + [
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "kabar-postgres",
            dependencies: ["KabarPostgres"] + kabar("KabarRun", "KabarCore", "KabarStore", "KabarPlugins", "KabarSampleSites", "KabarArchive", "KabarCLI") + [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "KabarPostgresTests",
            dependencies: ["KabarPostgres"] + kabar("KabarRun", "KabarCore", "KabarStore", "KabarPlugins", "KabarTesting")
        ),
    ]
)
