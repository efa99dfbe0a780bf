import App
import ArgumentParser
import Foundation
import Library

extension XinQiaoCommand {
    /// Imports the content library.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import Content/ and Lessons/ (or the given paths) into the database.",
            discussion: """
                Files are validated first; each good file is imported in its own transaction, upserting its
                items by id. Items whose file is gone are retired. A bad file is reported as path:line: message,
                imports nothing, and makes the command exit non-zero; every other file still imports.
                """
        )

        @OptionGroup var store: StoreOptions

        @Argument(help: "Folders or files to import (default: Content and Lessons).")
        var paths: [String] = []

        @Flag(help: "Print one JSON summary object on standard output.")
        var json = false

        func run() async throws {
            let app = try await store.app()
            let roots = paths.isEmpty ? app.config.contentRoots : paths
            let bar = ProgressBar(label: "files")
            let report = try await app.content.importLibrary(roots: roots, progress: { bar.update($0, $1) })
            for error in report.errors { printError(error.description) }
            if json {
                try printJSON(report)
            } else {
                print(
                    "imported: \(report.added) added, \(report.updated) updated, \(report.unchanged) unchanged, \(report.retired) retired, \(report.errors.count) errors"
                )
            }
            if !report.succeeded { throw ExitCode.failure }
        }
    }

    /// Counts what the library and the database hold.
    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Count every content kind, accounts and lectures.")

        @OptionGroup var store: StoreOptions

        @Flag(help: "Print one flat JSON object of integers.")
        var json = false

        func run() async throws {
            let stats = try await store.app().content.stats()
            if json {
                try printJSON(stats)
            } else {
                for key in stats.keys.sorted() { print("\(key.padding(toLength: 18, withPad: " ", startingAt: 0)) \(stats[key]!)") }
            }
        }
    }
}
