import App
import ArgumentParser
import Foundation
import Library

extension XinQiaoCommand {
    /// Tools for the people who write the library.
    struct ContentCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "content", abstract: "Tools for writing the library: lint.", subcommands: [Lint.self])
    }
}

extension XinQiaoCommand.ContentCommand {
    struct Lint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check articles, FAQ, letters and lessons against the content rules.",
            discussion: """
                Rules: everything an import checks (fields, ids, links to knowledge points and articles); hotline \
                numbers must be in Content/hotlines.yaml; no stigmatising words (Content/lexicon/stigma.txt); no \
                advice to change or stop medication; articles tagged 自伤/自杀 need a crisis section with 12356 and \
                110/120; SMS texts within their segments. Prints path:line: severity: message [rule]; exits 1 when \
                there is an error. With PATHs, only those files or folders are reported (links still resolve \
                against the whole library).
                """)

        @Argument(help: "Files or folders to report on (default: the whole library).") var paths: [String] = []
        @Flag(help: "Print a JSON list of {path, line, severity, rule, message}.") var json = false

        func run() async throws {
            let config = AppConfig.fromEnvironment(ProcessInfo.processInfo.environment)
                .resolvingBundledPaths(executable: CommandLine.arguments[0])
            let linter = ContentLinter.load(contentRoot: config.contentRoots.first ?? "Content")
            let findings = try linter.lint(roots: config.contentRoots, only: paths)
            if json {
                try printJSON(findings)
            } else {
                for finding in findings { print(finding.description) }
                let errors = findings.filter { $0.severity == .error }.count
                printError("\(errors) errors, \(findings.count - errors) warnings")
            }
            if findings.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
        }
    }
}
