// swift-tools-version:6.0
import PackageDescription

// One handler, built two ways: `sign-off` (a process plug-in) and `libSignOff.so` (a library
// plug-in). It depends on StewardPluginKit only, from the Steward checkout two folders up.
let package = Package(
    name: "SignOff",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "sign-off", targets: ["sign-off"]),
        .library(name: "SignOff", type: .dynamic, targets: ["SignOffLibrary"]),
    ],
    dependencies: [
        .package(name: "Steward", path: "../.."),
    ],
    targets: [
        .target(name: "SignOffHandler", dependencies: [.product(name: "StewardPluginKit", package: "Steward")]),
        .executableTarget(
            name: "sign-off",
            dependencies: ["SignOffHandler", .product(name: "StewardPluginKit", package: "Steward")]
        ),
        .target(
            name: "SignOffLibrary",
            dependencies: ["SignOffHandler", .product(name: "StewardPluginKit", package: "Steward")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
