import App
import ArgumentParser
import Foundation
import Search

extension XinQiaoCommand {
    /// Searches everything imported.
    struct SearchCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "search",
            abstract: "Search articles, FAQ, letters, lessons, questions and imported documents.",
            discussion: """
                Colloquial questions, keywords, traditional characters and "quoted phrases" all work. With --batch,
                reads one query per line on standard input and writes one JSON line per query
                ({"query","took_us","hits":[{"id","score","title","snippet"}]}) until end of input.
                """
        )

        @OptionGroup var store: StoreOptions
        @Argument(help: "The query (omit with --batch).") var query: String?
        @Option(help: "Number of hits, 1–100.") var limit: Int = 10
        @Option(help: "Only this kind: article, faq, letter, lesson, question, knowledge_point, hotline, course, doc.")
        var kind: String?
        @Option(help: "Only items for this stage: preschool, primary, junior, senior, vocational.") var stage: String?
        @Option(help: "Only items for this grade, 0–12.") var grade: Int?
        @Option(help: "Only items with this tag.") var tag: String?
        @Flag(help: "Read queries from standard input, one per line.") var batch = false
        @Flag(help: "Print JSON.") var json = false
        @Flag(help: "Show why each hit matched.") var explain = false

        func validate() throws {
            guard (1...SearchQuery.maxLimit).contains(limit) else {
                throw ValidationError("--limit must be between 1 and \(SearchQuery.maxLimit)")
            }
            if !batch && query == nil { throw ValidationError("give a query, or --batch to read queries from standard input") }
            if batch && query != nil { throw ValidationError("--batch reads queries from standard input; do not also give one") }
        }

        func run() async throws {
            let app = try await store.app()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            if batch {
                // One line per query, written as soon as it is answered (a pipe partner waits for it).
                while let line = readLine(strippingNewline: true) {
                    let start = ContinuousClock.now
                    var query = makeQuery(line)
                    query.explain = explain
                    let hits = try app.search.searchNow(query)
                    let elapsed = ContinuousClock.now - start
                    let micros = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
                    let output = BatchLine(query: line, tookMicroseconds: micros, hits: hits, explain: explain).json
                    output.withUnsafeBufferPointer { Terminal.writeAll(1, $0) }
                }
                return
            }
            let hits = try await app.search.search(makeQuery(query ?? ""))
            if explain && !json {
                let plan = app.search.plan(query ?? "")
                let concepts = plan.concepts.map { concept in
                    var text = concept.synonyms.isEmpty ? concept.text : "\(concept.text)(\(concept.synonyms.joined(separator: "/")))"
                    if !concept.related.isEmpty { text += "~[\(concept.related.joined(separator: "/"))]" }
                    if concept.generic { text += "*" }
                    return text
                }
                print("terms: \(concepts.joined(separator: " "))  optional: \(plan.optional.joined(separator: " "))  phrases: \(plan.phrases.joined(separator: " "))")
            }
            if json {
                try printJSON(hits)
                return
            }
            if hits.isEmpty { print("no results for “\(query ?? "")”") }
            for (index, hit) in hits.enumerated() {
                let snippet = hit.snippet.replacingOccurrences(of: "<mark>", with: Terminal.stdoutIsTTY ? "\u{1B}[1;33m" : "【")
                    .replacingOccurrences(of: "</mark>", with: Terminal.stdoutIsTTY ? "\u{1B}[0m" : "】")
                print("\(index + 1). \(hit.title)  [\(hit.kind) \(hit.id)]")
                print("   \(unescapeHTML(snippet))")
                if explain {
                    print("   matched: \(hit.explanation.matchedTerms.joined(separator: " ")); synonyms: \(hit.explanation.synonyms.joined(separator: " ")); fields: \(hit.explanation.fields.joined(separator: ",")); coverage \(hit.explanation.coverage); score \(hit.score)")
                }
            }
        }

        private func makeQuery(_ text: String) -> SearchQuery {
            SearchQuery(text: text, limit: limit, kind: kind, stage: stage, grade: grade, tag: tag)
        }

        /// A batch answer, `{"query","took_us","hits":[{"id","kind","score","title","snippet"}]}` (with
        /// `--explain`, each hit's `explanation` too), written by hand: the batch loop runs once per
        /// query of a benchmark and Foundation's encoder would cost more than the search.
        struct BatchLine {
            var query: String
            var tookMicroseconds: Int64
            var hits: [SearchHit]
            var explain: Bool

            var json: [UInt8] {
                var out: [UInt8] = []
                out.reserveCapacity(4096)
                JSONText.raw("{\"query\":", to: &out)
                JSONText.append(query, to: &out)
                // Numbers are written between literal parts: an interpolated string this long would
                // be allocated for every hit.
                JSONText.raw(",\"took_us\":", to: &out)
                JSONText.raw(String(tookMicroseconds), to: &out)
                JSONText.raw(",\"hits\":[", to: &out)
                for (index, hit) in hits.enumerated() {
                    JSONText.raw(index > 0 ? ",{\"id\":" : "{\"id\":", to: &out)
                    JSONText.append(hit.id, to: &out)
                    JSONText.raw(",\"kind\":", to: &out)
                    JSONText.append(hit.kind, to: &out)
                    JSONText.raw(",\"score\":", to: &out)
                    JSONText.raw(hit.score.description, to: &out)
                    JSONText.raw(",\"title\":", to: &out)
                    JSONText.append(hit.title, to: &out)
                    JSONText.raw(",\"snippet\":", to: &out)
                    JSONText.append(hit.snippet, to: &out)
                    if explain {
                        JSONText.raw(",\"explanation\":{\"matched_terms\":", to: &out)
                        JSONText.append(hit.explanation.matchedTerms, to: &out)
                        JSONText.raw(",\"synonyms\":", to: &out)
                        JSONText.append(hit.explanation.synonyms, to: &out)
                        JSONText.raw(",\"fields\":", to: &out)
                        JSONText.append(hit.explanation.fields, to: &out)
                        JSONText.raw(",\"coverage\":", to: &out)
                        JSONText.raw(hit.explanation.coverage.description, to: &out)
                        JSONText.raw("}", to: &out)
                    }
                    out.append(UInt8(ascii: "}"))
                }
                JSONText.raw("]}\n", to: &out)
                return out
            }
        }
    }

    /// Bulk documents into the search index.
    struct DocsCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "docs", abstract: "Import external documents into the search index.", subcommands: [ImportDocs.self])
    }
}

extension XinQiaoCommand.DocsCommand {
    struct ImportDocs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import JSON Lines {\"id\",\"text\",\"title\"?,\"kind\"?,\"tags\"?} into the search index (idempotent by id).",
            discussion: "Other keys are ignored. Bad lines are reported as path:line: message and skipped; the exit status is then 1."
        )

        @OptionGroup var store: StoreOptions
        @Argument(help: "A .jsonl file.") var file: String
        @Flag(help: "Print the summary as JSON.") var json = false

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
            let app = try await store.app()
            let bar = ProgressBar(label: "documents")
            let report = try await app.search.importDocuments(data, path: file) { bar.update($0, $1) }
            for error in report.errors { printError(error) }
            if json { try printJSON(report) } else { print("indexed \(report.imported) documents, \(report.errors.count) bad lines") }
            if !report.errors.isEmpty { throw ExitCode.failure }
        }
    }
}

func unescapeHTML(_ text: String) -> String {
    text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
        .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
        .replacingOccurrences(of: "&amp;", with: "&")
}
