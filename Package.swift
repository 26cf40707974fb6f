// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Steward",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "steward", targets: ["steward"]),
        .library(name: "StewardYAML", targets: ["StewardYAML"]),
        .library(name: "StewardModel", targets: ["StewardModel"]),
        // For plug-in authors: Foundation only, so a plug-in's package depends on nothing else of Steward's.
        .library(name: "StewardPluginKit", targets: ["StewardPluginKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // The only C in the project: the system libyaml, read through its event API.
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]),
        // posix_spawn's session and working-folder options for plug-in processes (declared here
        // because the system module hides them).
        .systemLibrary(name: "CPosixSpawn"),
        .target(name: "StewardDiagnostics"),
        .target(name: "StewardYAML", dependencies: ["CLibYAML", "StewardDiagnostics"]),
        .target(name: "StewardTime"),
        .target(name: "StewardExpressions", dependencies: ["StewardTime"]),
        .target(
            name: "StewardModel",
            dependencies: [
                "StewardDiagnostics", "StewardYAML", "StewardTime", "StewardExpressions", "StewardPlugins",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "StewardAudit", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "StewardStore", dependencies: ["CSQLite", "StewardAudit"]),
        // The PostgreSQL store, in its own target so that what only SQLite needs stays light.
        .target(
            name: "StewardPostgres",
            dependencies: [
                "StewardStore", "StewardAudit",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "StewardCore", dependencies: ["StewardModel", "StewardExpressions", "StewardTime"]),
        // The protocol a plug-in speaks (request, frames, C ABI), for plug-in authors and for the host.
        .target(name: "StewardPluginKit"),
        // Step handlers: the contract every handler keeps, the built-ins, and the plug-in tiers.
        .target(
            name: "StewardPlugins",
            dependencies: [
                "StewardExpressions", "StewardTime", "StewardYAML", "StewardDiagnostics", "StewardAudit", "CPosixSpawn",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .target(
            name: "StewardEngine",
            dependencies: ["StewardCore", "StewardPlugins", "StewardStore", "StewardAudit", "StewardModel", "StewardYAML"]
        ),
        .target(
            name: "StewardTestSupport",
            dependencies: [
                "StewardEngine", "StewardCore", "StewardPlugins", "StewardModel", "StewardYAML", "StewardTime",
                "StewardExpressions",
            ]
        ),
        .executableTarget(
            name: "steward",
            dependencies: [
                "StewardEngine", "StewardCore", "StewardStore", "StewardPostgres", "StewardAudit", "StewardPlugins",
                "StewardTime", "StewardYAML", "StewardModel", "StewardDiagnostics",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
            // What `steward init` writes is compiled in (scripts/make-templates), so the binary stands alone.
        ),
        .executableTarget(
            name: "steward-bench",
            dependencies: [
                "StewardYAML", "CLibYAML", "StewardModel", "StewardCore", "StewardEngine", "StewardStore",
                "StewardPostgres", "StewardAudit", "StewardPlugins", "StewardExpressions", "StewardTime", "CSQLite",
            ]
        ),
        .testTarget(name: "StewardYAMLTests", dependencies: ["StewardYAML", "StewardDiagnostics"]),
        .testTarget(name: "StewardTimeTests", dependencies: ["StewardTime"]),
        .testTarget(name: "StewardExpressionsTests", dependencies: ["StewardExpressions", "StewardTime"]),
        .testTarget(name: "StewardModelTests", dependencies: ["StewardModel", "StewardYAML"]),
        .testTarget(name: "StewardCLITests", dependencies: ["StewardYAML", "StewardModel", "StewardTestSupport"]),
        .testTarget(name: "StewardAuditTests", dependencies: ["StewardAudit"]),
        .testTarget(name: "StewardStoreTests", dependencies: ["StewardStore", "StewardAudit"]),
        // The store contract, run against the embedded store and a PostgreSQL server (scripts/with-postgres).
        .testTarget(name: "StewardStoreContractTests", dependencies: ["StewardStore", "StewardPostgres", "StewardAudit"]),
        .testTarget(
            name: "StewardCoreTests",
            dependencies: [
                "StewardCore", "StewardModel", "StewardTestSupport", "StewardYAML", "StewardTime", "StewardExpressions",
            ]
        ),
        // A process plug-in the kit's tests run.
        .executableTarget(name: "plugin-probe", dependencies: ["StewardPluginKit"], path: "Tests/PluginKitProbe"),
        .testTarget(
            name: "StewardPluginKitTests",
            dependencies: [
                "StewardPluginKit", "StewardPlugins", "StewardExpressions", "StewardTime",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Worker processes over one PostgreSQL store (needs scripts/with-postgres).
        .testTarget(
            name: "StewardWorkerTests",
            dependencies: ["StewardEngine", "StewardPostgres", "StewardStore", "StewardAudit", "StewardTestSupport", "StewardTime"]
        ),
        .testTarget(
            name: "StewardEngineTests",
            dependencies: [
                "StewardEngine", "StewardTestSupport", "StewardStore", "StewardAudit", "StewardModel", "StewardPostgres",
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
