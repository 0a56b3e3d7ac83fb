// swift-tools-version:6.0
import PackageDescription

// The PostgreSQL store, shared frontier and `kabar-postgres` (workers). A package of its own so
// that `swift build` / `swift test` at the repository root never fetch or build postgres-nio.
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
            dependencies: [
                .product(name: "KabarCore", package: "Kabar"),
                .product(name: "KabarRun", package: "Kabar"),
                .product(name: "KabarStore", package: "Kabar"),
                .product(name: "KabarFetch", package: "Kabar"),
                .product(name: "KabarArchive", package: "Kabar"),
                .product(name: "KabarPlugins", package: "Kabar"),
                .product(name: "KabarTesting", package: "Kabar"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "kabar-postgres",
            dependencies: [
                "KabarPostgres",
                .product(name: "KabarRun", package: "Kabar"),
                .product(name: "KabarCore", package: "Kabar"),
                .product(name: "KabarPlugins", package: "Kabar"),
                .product(name: "KabarTesting", package: "Kabar"),
                .product(name: "KabarArchive", package: "Kabar"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "KabarPostgresTests",
            dependencies: [
                "KabarPostgres",
                .product(name: "KabarRun", package: "Kabar"),
                .product(name: "KabarCore", package: "Kabar"),
                .product(name: "KabarPlugins", package: "Kabar"),
                .product(name: "KabarTesting", package: "Kabar"),
            ]
        ),
    ]
)
