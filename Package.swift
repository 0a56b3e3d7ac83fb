// swift-tools-version:6.0
import PackageDescription

// Site plugins are listed here by hand, one line each (SwiftPM caches manifests, so scanning
// the Plugins/ folder would miss new ones). `PluginRegistrationTests` fails when a folder under
// Plugins/ is missing from this list or from `BuiltinExtractors`.
let sitePlugins: [(target: String, folder: String)] = [
    ("TempoExtractor", "Plugins/Tempo"),
    ("SindonewsExtractor", "Plugins/Sindonews"),
    ("GenericExtractor", "Plugins/Generic"),
]

let package = Package(
    name: "Kabar",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kabar", targets: ["KabarCommand"]),
        // The embedder's API (README, "Embedding Kabar"): a small facade, its public symbols
        // listed in Tests/KabarLibraryTests/PublicAPI.txt.
        .library(name: "Kabar", targets: ["Kabar"]),
        .library(name: "KabarCore", targets: ["KabarCore"]),
        .library(name: "KabarHTML", targets: ["KabarHTML"]),
        .library(name: "KabarStore", targets: ["KabarStore"]),
        .library(name: "KabarFetch", targets: ["KabarFetch"]),
        .library(name: "KabarRun", targets: ["KabarRun"]),
        .library(name: "KabarArchive", targets: ["KabarArchive"]),
        .library(name: "KabarDeclarative", targets: ["KabarDeclarative"]),
        // The fuzz entry points, for the libFuzzer executables of the nested package Fuzz/
        // (built only by Fuzz/run.sh) and for the replay of Tests/FuzzCases in ReliabilityTests.
        .library(name: "KabarFuzzTargets", targets: ["KabarFuzzTargets"]),
        // For the nested Postgres/ package (its tests start the sample site and run the CLI).
        .library(name: "KabarPlugins", targets: ["KabarPlugins"]),
        .library(name: "KabarTesting", targets: ["KabarTesting"]),
        // Plugin fixtures and the corpus location (`kabar check`, `sites`, `bench extract`, tests).
        .library(name: "KabarFixtures", targets: ["KabarFixtures"]),
        // The sample news sites on 127.0.0.1 (`kabar test-site`, `kabar bench`, kabar-postgres's bench).
        .library(name: "KabarSampleSites", targets: ["KabarSampleSites"]),
        // What kabar and kabar-postgres share on the command line (plugin loading, messages, logging).
        .library(name: "KabarCLI", targets: ["KabarCLI"]),
        // The Prometheus backend of the swift-metrics instrumentation and the `/metrics` endpoint
        // (`kabar schedule --metrics`, kabar-postgres worker).
        .library(name: "KabarMetrics", targets: ["KabarMetrics"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
    ],
    targets: [
        // libxml2 2.15.4 compiled from its C sources (Sources/CLibXML2/README.md): the HTML and
        // XML parsers, tree, SAX2, XPath, the reader, HTML output; iconv, no ICU.
        .target(
            name: "CLibXML2",
            exclude: ["README.md", "libxml2/Copyright", "libxml2/codegen"],
            cSettings: [.headerSearchPath("libxml2/include")]
        ),
        // The arena libxml2 builds each page's tree in (KabarHTML's ParseArena).
        .target(name: "CParseArena"),
        // libxml2's HTML parse with Kabar's own element callback (HTMLDocument).
        .target(name: "CHTMLTree", dependencies: ["CLibXML2"]),
        .target(name: "KabarHTML", dependencies: ["CLibXML2", "CParseArena", "CHTMLTree"]),
        .systemLibrary(
            name: "CCurl",
            path: "Sources/CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(name: "KabarFetch", dependencies: ["CCurl", .product(name: "Metrics", package: "swift-metrics")]),
        .target(name: "KabarCore", dependencies: ["KabarHTML"]),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "KabarStore", dependencies: ["KabarCore", "CSQLite"]),
        // Configuration files people write (schedules, declarative extractors): byte checks,
        // typed YAML node reads and one error type naming file, line and key.
        .target(name: "KabarConfig", dependencies: ["KabarCore", .product(name: "Yams", package: "Yams")]),
    ] + sitePlugins.map { plugin in
        .target(
            name: plugin.target,
            dependencies: ["KabarCore", "KabarHTML"],
            path: plugin.folder,
            exclude: ["Fixtures"]
        )
    } + [
        // Declarative site extractors: Plugins/*.yaml read at start-up, no rebuild (docs/ADDING-A-SITE.md).
        .target(
            name: "KabarDeclarative",
            dependencies: ["KabarCore", "KabarHTML", "KabarConfig", .product(name: "Yams", package: "Yams")]
        ),
        .target(name: "KabarPlugins", dependencies: ["KabarCore", "KabarDeclarative"] + sitePlugins.map { .target(name: $0.target) }),
        .target(name: "KabarFixtures", dependencies: ["KabarCore", "KabarHTML", "KabarConfig"]),
        .target(name: "KabarSampleSites", dependencies: ["KabarCore", "KabarFixtures", "KabarArchive"]),
        // Test code only (FaultServer, test gzip, running executables): never linked by kabar
        // or kabar-postgres. Re-exports KabarFixtures and KabarSampleSites for the tests.
        .target(name: "KabarTesting", dependencies: ["KabarCore", "KabarHTML", "KabarPlugins", "KabarFixtures", "KabarSampleSites", "KabarArchive"]),
        .target(name: "KabarEval", dependencies: ["KabarCore", "KabarHTML", "KabarArchive"]),
        // zlib (KabarArchive's GzipCodec): inflation of HTTP payloads, gzip sitemaps and WARC members; WARC members with `archive: { codec: zlib }`.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // libcrypto (OpenSSL) for the SHA-1 of WARC digests.
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // libdeflate: the WARC archive's gzip before ISA-L (faster than zlib at a smaller size; ArchiveCompression).
        .systemLibrary(name: "CLibDeflate", path: "Sources/CLibDeflate", pkgConfig: "libdeflate", providers: [.apt(["libdeflate-dev"])]),
        // ISA-L: the WARC archive's default gzip (about twice libdeflate 1's speed; ArchiveCompression).
        .systemLibrary(name: "CISAL", path: "Sources/CISAL", pkgConfig: "libisal", providers: [.apt(["libisal-dev"])]),
        .target(name: "KabarArchive", dependencies: ["KabarFetch", "CZlib", "CLibDeflate", "CISAL", "CCrypto"]),
        .target(
            name: "KabarRun",
            dependencies: [
                "KabarCore", "KabarConfig", "KabarHTML", "KabarFetch", "KabarStore", "KabarPlugins", "CLibXML2", "KabarArchive",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // Only the executables bootstrap Prometheus; the libraries report through swift-metrics.
        .target(
            name: "KabarMetrics",
            dependencies: [
                "KabarFetch", "KabarRun",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .target(
            name: "KabarCLI",
            dependencies: [
                "KabarCore", "KabarStore", "KabarPlugins", "KabarMetrics",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The library product for embedders (README, "Embedding Kabar"). Its folder and the
        // CLI's module are named apart from it so that no two differ only in case (macOS).
        .target(
            name: "Kabar",
            dependencies: ["KabarCore", "KabarHTML", "KabarPlugins", "KabarRun", .product(name: "Logging", package: "swift-log")],
            path: "Sources/KabarLibrary"
        ),
        .target(name: "KabarFuzzTargets", dependencies: ["KabarHTML", "KabarCore", "KabarPlugins", "KabarRun", "KabarArchive"]),
        .executableTarget(
            name: "KabarCommand",
            dependencies: [
                "KabarCore", "KabarConfig", "KabarHTML", "KabarPlugins", "KabarDeclarative", "GenericExtractor", "KabarFixtures", "KabarSampleSites", "KabarStore", "KabarFetch", "KabarRun", "KabarEval", "KabarArchive", "KabarCLI", "CLibXML2",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // Module KabarCommand, executable `kabar`.
            path: "Sources/kabar"
        ),
        .testTarget(name: "KabarLibraryTests", dependencies: ["Kabar", "KabarTesting"], exclude: ["PublicAPI.txt"]),
        .testTarget(name: "KabarHTMLTests", dependencies: ["KabarHTML", "KabarTesting"]),
        .testTarget(name: "KabarCoreTests", dependencies: ["KabarCore", "KabarTesting"]),
        .testTarget(
            name: "PluginTests",
            dependencies: ["KabarCore", "KabarPlugins", "KabarTesting"] + sitePlugins.map { .target(name: $0.target) }
        ),
        .testTarget(name: "CLITests", dependencies: ["KabarTesting"]),
        .testTarget(
            name: "DeclarativeTests",
            dependencies: ["KabarDeclarative", "KabarPlugins", "KabarCore", "KabarHTML", "KabarTesting", "KabarEval"],
            exclude: ["Plugins"]
        ),
        .testTarget(name: "KabarStoreTests", dependencies: ["KabarStore", "KabarCore", "KabarTesting", "CSQLite"]),
        .testTarget(name: "KabarFetchTests", dependencies: ["KabarFetch", "KabarTesting"]),
        // The `kabar` executable's own module: which commands get which process-wide settings.
        .testTarget(name: "KabarCommandTests", dependencies: ["KabarCommand", "KabarFetch", "CCurl"]),
        .testTarget(
            name: "GenericTests",
            dependencies: ["GenericExtractor", "KabarEval", "KabarCore", "KabarHTML", "KabarPlugins", "KabarTesting"]
        ),
        .testTarget(name: "KabarArchiveTests", dependencies: ["KabarArchive", "KabarRun", "KabarStore", "KabarCore", "KabarPlugins", "KabarTesting", "KabarFetch"]),
        .testTarget(name: "KabarRunTests", dependencies: ["KabarRun", "KabarStore", "KabarCore", "KabarFetch", "KabarPlugins", "KabarTesting", "KabarArchive"]),
        // Kill tests of whole `kabar run`s, and the replay of the fuzzers' saved cases (Tests/FuzzCases).
        .testTarget(
            name: "ReliabilityTests",
            dependencies: ["KabarFuzzTargets", "KabarArchive", "KabarRun", "KabarStore", "KabarCore", "KabarTesting", "CSQLite"]
        ),
    ]
)
