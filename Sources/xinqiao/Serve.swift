import App
import ArgumentParser
import Foundation
import Logging
import Web
import Library
import OutreachCore

extension XinQiaoCommand {
    /// Runs the web server and the API.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import the bundled content if it changed, then serve the web pages and the JSON API (and send due letter campaigns every minute).",
            discussion: "Stops cleanly on SIGINT or SIGTERM."
        )

        @OptionGroup var store: StoreOptions
        @Option(help: "Address to listen on.") var host: String = "127.0.0.1"
        @Option(help: "Port to listen on (0 picks a free one).") var port: Int = 8080
        @Flag(help: "Mark the web's cookies Secure (HTTPS only): use when the server is reached through TLS (also XINQIAO_SECURE_COOKIES=1).")
        var secureCookies = false

        func run() async throws {
            var config = store.config()
            config.host = host
            config.port = port
            if secureCookies { config.secureCookies = true }
            let app = try await App.live(config: config)
            var logger = Logger(label: "xinqiao")
            logger.logLevel = .info
            do {
                let report = try await app.content.importLibrary(roots: config.contentRoots)
                for error in report.errors { logger.warning("\(error.description)") }
                logger.info(
                    "content: \(report.added) added, \(report.updated) updated, \(report.unchanged) unchanged, \(report.retired) retired, \(report.errors.count) errors"
                )
            } catch let error as ScanError {
                // Serving what the database already holds beats refusing to start.
                logger.warning("content not imported: \(error.description)")
            }
            // The campaign scheduler: every minute, send what is due. A send is one transaction, so a
            // restart in the middle loses or doubles nothing.
            let scheduler = Task {
                while !Task.isCancelled {
                    do {
                        for result in try await app.campaigns.runDue(now: Date()) {
                            logger.info("campaign \(result.campaign) sent to \(result.recipients) parents")
                        }
                        // Lecture reminders the day before (once per seat).
                        let reminded = try await app.lectures.remindDue(now: Date(), actor: .localOperator)
                        if reminded > 0 { logger.info("lecture reminders: \(reminded) parents") }
                        // Webhook deliveries, when a webhook URL is configured (XINQIAO_WEBHOOK_URL).
                        if config.webhookURL != nil {
                            let run = try await app.channels.deliverWebhooks()
                            if run.delivered + run.retrying + run.failed > 0 {
                                logger.info("webhooks: \(run.delivered) delivered, \(run.retrying) retrying, \(run.failed) failed, \(run.unknown) unknown")
                            }
                        }
                    } catch {
                        logger.error("campaign scheduler: \(error)")
                    }
                    try? await Task.sleep(for: .seconds(60))
                }
            }
            defer { scheduler.cancel() }
            try await runServer(core: app, logger: logger)
        }
    }
}
