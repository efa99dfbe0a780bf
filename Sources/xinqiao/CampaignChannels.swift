import App
import ArgumentParser
import Campaigns
import Foundation
import OutreachCore
import Store

extension XinQiaoCommand.CampaignCommand {
    struct ExportSMS: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export-sms",
            abstract: "The SMS texts of a sent campaign as CSV, one row per parent and segment.",
            discussion: """
                Columns: parent,region,school,segment,segments,text (RFC 4180, UTF-8, CRLF). The text is the campaign's \
                sms (or a short notice with its title), split into messages of at most 70 characters; several \
                messages carry a (1/2) prefix within the 70. Only for sent campaigns with the sms channel.
                """)
        @OptionGroup var store: StoreOptions
        @Argument(help: "Campaign id.") var id: String
        @Option(help: "Write the CSV to this file (default: standard output).") var out: String?
        @Flag(help: "Start with a UTF-8 byte-order mark, so Excel shows the Chinese text.") var bom = false
        @Option(name: .customLong("as"), help: "The staff account acting.") var account: String?

        func run() async throws {
            let app = try await store.app()
            let sink = try OutputSink(path: out)
            do {
                var first = true
                let export = try await app.channels.exportSMS(Campaign.ID(id), actor: try await staffActor(app, account)) { chunk in
                    if first && bom { try sink.write("\u{FEFF}") }
                    first = false
                    try sink.write(chunk)
                }
                try sink.commit()
                if let out {
                    printError("wrote \(export.parents) parents × \(export.segments.count) segment(s) to \(out)")
                }
            } catch {
                sink.discard()
                throw error
            }
        }
    }

    struct PrintLetter: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "print",
            abstract: "A campaign's letter as a printable HTML page (A4), with hotlines and a 回执 slip.",
            discussion: """
                The page is self-contained (no script, nothing loaded). The 回执 slip is printed when the campaign has \
                receipt text or asks for acknowledgement. Only approved campaigns with the print channel print; \
                --proof prints any other state marked as a proof.
                """)
        @OptionGroup var store: StoreOptions
        @Argument(help: "Campaign id.") var id: String
        @Option(help: "Write the page to this file (default: standard output).") var out: String?
        @Option(help: "The school signing the letter (落款).") var school: String?
        @Flag(help: "Print a campaign that is not approved yet, marked as a proof.") var proof = false
        @Option(name: .customLong("as"), help: "The staff account acting.") var account: String?

        func run() async throws {
            let app = try await store.app()
            let letter = try await app.channels.printableLetter(
                Campaign.ID(id), school: school, proof: proof, actor: try await staffActor(app, account))
            for warning in letter.warnings { printError("warning: \(warning)") }
            let sink = try OutputSink(path: out)
            do {
                try sink.write(letter.html)
                try sink.commit()
            } catch {
                sink.discard()
                throw error
            }
            if let out { printError("wrote \(out)") }
        }
    }

    struct DeliverWebhooks: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "deliver-webhooks",
            abstract: "Post every due webhook delivery (what the server's scheduler does each minute).",
            discussion: """
                POSTs {"delivery_id","campaign","parent","title","sent_at"} with Idempotency-Key: <campaign>/<parent> to \
                $XINQIAO_WEBHOOK_URL (or --webhook-url). A 2xx delivers; otherwise it is tried again after 1 min, 5 min, \
                30 min, 2 h and 12 h, then given up. At most once: a row is claimed before its post, and one whose \
                outcome is unknown (a crash, a timeout) is reported as unknown and not posted again unless \
                --retry-unknown releases it. A URL that is not http(s) is an error before anything changes.
                """)
        @OptionGroup var store: StoreOptions
        @Option(help: "The moment to run at, ISO 8601 (default: now), e.g. 2027-06-06T18:00:00+08:00.") var now: String?
        @Option(name: .customLong("webhook-url"), help: "The webhook URL (default: $XINQIAO_WEBHOOK_URL).") var webhookURL: String?
        @Flag(help: "First put rows of unknown outcome back in the queue (after checking with the receiver).") var retryUnknown = false
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let moment = try parseMoment(now)
            var config = store.config()
            if let webhookURL { config.webhookURL = webhookURL }
            // Checked before the database is opened: a bad URL changes nothing.
            _ = try Webhook.endpoint(config.webhookURL)
            let app = try await App.live(config: config)
            let run = try await app.channels.deliverWebhooks(now: moment ?? Date(), retryUnknown: retryUnknown)
            if json { return try printJSON(run) }
            var line = "webhooks: \(run.delivered) delivered, \(run.retrying) to retry, \(run.failed) given up, \(run.pending) pending"
            if run.released > 0 { line += ", \(run.released) released" }
            if run.unknown > 0 {
                line += "; \(run.unknown) unknown (claimed with no outcome recorded: not posted again; see --retry-unknown)"
            }
            print(line)
        }
    }

    struct WebhookCheck: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "webhook-check",
            abstract: "Check the configured webhook URL (http or https) and show the outbox.")
        @OptionGroup var store: StoreOptions
        @Option(name: .customLong("webhook-url"), help: "The webhook URL (default: $XINQIAO_WEBHOOK_URL).") var webhookURL: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            var config = store.config()
            if let webhookURL { config.webhookURL = webhookURL }
            let url = try Webhook.endpoint(config.webhookURL)
            let app = try await App.live(config: config)
            let counts = try await app.channels.webhookOutbox()
            if json { return try printJSON(counts) }
            print("webhook URL ok: \(url.absoluteString)")
            print("outbox: \(counts.pending) pending, \(counts.delivered) delivered, \(counts.failed) given up, \(counts.unknown) unknown")
        }
    }
}

/// `--now` as a date, nil when not given.
private func parseMoment(_ text: String?) throws -> Date? {
    guard let text else { return nil }
    guard let date = ISO8601DateFormatter().date(from: text) else {
        throw ValidationError("--now '\(text)' is not ISO 8601 with a time zone, e.g. 2027-06-06T18:00:00+08:00")
    }
    return date
}

/// Standard output, or a file written beside its final path and renamed into place on `commit`, so a
/// failed or killed export never leaves half a file under the name asked for.
private final class OutputSink {
    private let path: String?
    private let temporary: String?
    private let handle: FileHandle

    init(path: String?) throws {
        self.path = path
        guard let path else {
            temporary = nil
            handle = FileHandle.standardOutput
            return
        }
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
            let handle = FileHandle(forWritingAtPath: temporary)
        else { throw ValidationError("cannot write \(path)") }
        self.temporary = temporary
        self.handle = handle
    }

    func write(_ text: String) throws {
        try handle.write(contentsOf: Data(text.utf8))
    }

    func commit() throws {
        guard let path, let temporary else { return }
        try handle.synchronize()
        try handle.close()
        guard rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw ValidationError("cannot write \(path)")
        }
    }

    func discard() {
        guard let temporary else { return }
        try? handle.close()
        try? FileManager.default.removeItem(atPath: temporary)
    }
}
