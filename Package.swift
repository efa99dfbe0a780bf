// swift-tools-version:6.1
// XinQiao 心桥: outreach content server for children's and adolescents' mental-health education.
// The module map (one-way arrows) is described in README.md, "Architecture".

import PackageDescription

let swiftSettings: [SwiftSetting] = [
    // https://github.com/apple/swift-evolution/blob/main/proposals/0335-existential-any.md
    .enableUpcomingFeature("ExistentialAny"),
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0444-member-import-visibility.md
    .enableUpcomingFeature("MemberImportVisibility"),
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0409-access-level-on-imports.md
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// Tests keep the strict existential rule but not the import-visibility ones: a test imports the
/// modules it exercises and should not have to name every transitive module (HTTPTypes, NIOCore …).
let testSwiftSettings: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "xinqiao",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "xinqiao", targets: ["xinqiao"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    ],
    targets: [
        // MARK: - C and text analysis
        .systemLibrary(
            name: "CICU",
            pkgConfig: "icu-uc",
            providers: [.apt(["libicu-dev"]), .brew(["icu4c"])]
        ),
        .target(name: "ICUCore", dependencies: ["CICU"], swiftSettings: swiftSettings),
        .target(name: "ChineseText", dependencies: ["ICUCore"], swiftSettings: swiftSettings),
        .target(
            name: "Search",
            dependencies: [
                "ChineseText", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: - Domain (Foundation and OutreachCore only; no .product dependencies)
        .target(name: "OutreachCore", swiftSettings: swiftSettings),
        .target(name: "Knowledge", dependencies: ["OutreachCore"], swiftSettings: swiftSettings),
        .target(name: "Learning", dependencies: ["OutreachCore"], swiftSettings: swiftSettings),
        .target(name: "Awareness", dependencies: ["OutreachCore", "Learning"], swiftSettings: swiftSettings),
        .target(name: "SchoolCalendar", dependencies: ["OutreachCore"], swiftSettings: swiftSettings),
        .target(name: "Campaigns", dependencies: ["OutreachCore", "SchoolCalendar"], swiftSettings: swiftSettings),
        .target(name: "Lectures", dependencies: ["OutreachCore"], swiftSettings: swiftSettings),

        // MARK: - Infrastructure
        .target(
            name: "Store",
            dependencies: [
                "OutreachCore", "Knowledge", "Learning", "Awareness", "SchoolCalendar", "Campaigns", "Lectures", "Search",
                "ChineseText", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Library",
            dependencies: [
                "OutreachCore", "Knowledge", "Learning", "Campaigns", "SchoolCalendar", "Chat",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Chat",
            dependencies: ["OutreachCore", "Knowledge", "Learning", "Campaigns", "Lectures", "ChineseText"],
            swiftSettings: swiftSettings
        ),

        // MARK: - Application core, web, executable
        .target(
            name: "App",
            dependencies: [
                "OutreachCore", "Knowledge", "Learning", "Awareness", "SchoolCalendar", "Campaigns", "Lectures",
                "Store", "Search", "Library", "Chat", "ChineseText",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Web",
            dependencies: [
                "App", "OutreachCore", "Knowledge", "Learning", "Awareness", "Search", "Campaigns", "Lectures", "SchoolCalendar", "Store",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "xinqiao",
            dependencies: [
                "App", "Web", "OutreachCore", "Knowledge", "Learning", "Library", "Search", "Awareness", "SchoolCalendar", "Campaigns",
                "Lectures", "Store",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TestSupport",
            dependencies: ["App", "Store", "OutreachCore", "Library"],
            swiftSettings: swiftSettings
        ),

        // MARK: - Tests
        .testTarget(name: "ChineseTextTests", dependencies: ["ChineseText"], swiftSettings: testSwiftSettings),
        .testTarget(
            name: "SearchTests",
            dependencies: [
                "Search", "ChineseText", "App", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: testSwiftSettings
        ),
        .testTarget(name: "AwarenessTests", dependencies: ["Awareness", "Learning", "OutreachCore"], swiftSettings: testSwiftSettings),
        .testTarget(name: "SchoolCalendarTests", dependencies: ["SchoolCalendar"], swiftSettings: testSwiftSettings),
        .testTarget(
            name: "CampaignsTests", dependencies: ["Campaigns", "SchoolCalendar", "OutreachCore"], swiftSettings: testSwiftSettings),
        .testTarget(name: "LecturesTests", dependencies: ["Lectures", "OutreachCore"], swiftSettings: testSwiftSettings),
        .testTarget(
            name: "ChatTests", dependencies: ["Chat", "Library", "TestSupport"], exclude: ["Fixtures"], swiftSettings: testSwiftSettings),
        .testTarget(name: "OutreachCoreTests", dependencies: ["OutreachCore"], swiftSettings: testSwiftSettings),
        .testTarget(
            name: "LibraryTests",
            dependencies: ["Library", "Knowledge", "Learning", "Campaigns", "OutreachCore", "SchoolCalendar", "TestSupport"],
            swiftSettings: testSwiftSettings
        ),
        .testTarget(
            name: "StoreTests",
            dependencies: ["Store", "OutreachCore", "TestSupport", "ChineseText", "Lectures", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: testSwiftSettings
        ),
        .testTarget(
            name: "AppTests",
            dependencies: ["App", "Store", "OutreachCore", "TestSupport", "Library", "SchoolCalendar", "Lectures"],
            swiftSettings: testSwiftSettings
        ),
        .testTarget(
            name: "WebTests",
            dependencies: [
                "Web", "App", "TestSupport", "OutreachCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: testSwiftSettings
        ),
        .testTarget(
            name: "xinqiaoTests",
            dependencies: ["xinqiao", "App", "TestSupport", "OutreachCore", "Learning", "Campaigns", "Lectures", "Store"],
            swiftSettings: testSwiftSettings
        ),
    ]
)
