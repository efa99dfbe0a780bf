import App
import ArgumentParser
import Campaigns
import Foundation
import OutreachCore
import Store

/// The acting account, or the local operator when `--as` is not given.
func staffActor(_ app: App, _ id: String?) async throws -> Actor {
    guard let id else { return .localOperator }
    return try await actor(app, id)
}


extension XinQiaoCommand {
    /// Letter campaigns: plan, draft, review, schedule, send.
    struct CampaignCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "campaign",
            abstract: "给家长的一封信: plan the year's letters, draft, review, approve, schedule and send them.",
            discussion: """
                Lifecycle: draft → in_review → approved → scheduled → sending → sent → archived, or cancelled before \
                sending. A second staff member approves (nobody approves their own revision); editing makes a new \
                revision that needs approval again. Every step is in the audit log. Staff act with --as ACCOUNT; \
                without it the local operator acts.
                """,
            subcommands: [
                Plan.self, Create.self, List.self, Show.self, Edit.self, Step.self, RunDue.self, Rates.self, Remind.self,
                ExportSMS.self, PrintLetter.self, DeliverWebhooks.self, WebhookCheck.self,
            ])
    }
}

extension XinQiaoCommand.CampaignCommand {
    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every planned send of every letter template in a year.",
            discussion: "JSON: a list of {\"template\",\"event\",\"event_date\",\"offset_days\",\"send_date\",\"send_time\",\"audience\",\"region\"?,\"staggered_from\"?}; warnings go to standard error.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Gregorian year, 1900–2100.") var year: Int
        @Option(help: "Region for school dates (浙江/zhejiang, 广东/guangdong, 江西/jiangxi).") var region: String?
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            guard (1900...2100).contains(year) else { throw ValidationError("--year must be between 1900 and 2100") }
        }

        func run() async throws {
            let app = try await store.app()
            let plan = try await app.campaigns.plan(year: year, region: region)
            for warning in plan.warnings { printError("warning: \(warning)") }
            if json { return try printJSON(plan.sends) }
            for send in plan.sends {
                let moved = send.staggeredFrom.map { "（由 \($0) 顺延）" } ?? ""
                print("\(send.sendDate) \(send.sendTime)  \(send.template)  \(send.event) \(send.eventDate) \(send.offsetDays >= 0 ? "+" : "")\(send.offsetDays)天\(moved)")
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start a draft campaign from a letter template.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Letter template id, e.g. letter-gaokao-before.") var template: String
        @Option(help: "Year of the event.") var year: Int
        @Option(help: "Region (needed for school dates such as term_start or zhongkao).") var region: String?
        @Option(help: "The event's date when it occurs twice in the year (term dates).") var eventDate: String?
        @Option(help: "Campaign id (default: template-date[-region]).") var id: String?
        @Option(name: .customLong("as"), help: "The staff account acting.") var account: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let app = try await store.app()
            let campaign = try await app.campaigns.create(
                template: template, year: year, region: region, eventDate: eventDate, campaignID: id,
                actor: try await staffActor(app, account))
            let reach = try await app.campaigns.audienceSize(campaign.id)
            if reach == 0 { printError("warning: the audience matches no parent today") }
            if json { try printJSON(CampaignView(campaign)) } else { print(CampaignView(campaign).line) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List campaigns.")
        @OptionGroup var store: StoreOptions
        @Option(name: .customLong("as"), help: "The staff account acting.") var account: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let app = try await store.app()
            let campaigns = try await app.campaigns.campaigns(actor: try await staffActor(app, account)).map(CampaignView.init)
            if json { try printJSON(campaigns) } else { campaigns.forEach { print($0.line) } }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one campaign.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Campaign id.") var id: String
        @Option(name: .customLong("as"), help: "The staff account acting.") var account: String?

        func run() async throws {
            let app = try await store.app()
            try printJSON(CampaignView(try await app.campaigns.campaign(Campaign.ID(id), actor: try await staffActor(app, account))))
        }
    }

    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Edit a campaign (a new revision, back to draft: it needs review and approval again).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Campaign id.") var id: String
        @Option(help: "New title.") var title: String?
        @Option(help: "File with the new Markdown body ('-' for standard input).") var bodyFile: String?
        @Option(help: "New SMS text.") var sms: String?
        @Option(help: "Days from the event, −365…365.") var offsetDays: Int?
        @Option(help: "Send hour, 0–23 (Beijing time).") var sendHour: Int?
        @Option(help: "Whether a 回执 is asked for (true/false).") var ackRequired: Bool?
        @Option(name: .customLong("as"), help: "The staff account acting.") var account: String?

        func run() async throws {
            let app = try await store.app()
            var body: String?
            if let bodyFile {
                let data = bodyFile == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: bodyFile)
                guard let data, let text = String(data: data, encoding: .utf8) else { throw ValidationError("cannot read \(bodyFile) as UTF-8") }
                body = text
            }
            let campaign = try await app.campaigns.edit(
                Campaign.ID(id),
                .init(title: title, body: body, sms: sms, offsetDays: offsetDays, sendHour: sendHour, ackRequired: ackRequired),
                actor: try await staffActor(app, account))
            print(CampaignView(campaign).line)
        }
    }

    struct Step: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "step",
            abstract: "Move a campaign on: submit, reject, approve, schedule, cancel or archive.",
            discussion: "Example: xinqiao campaign step approve letter-duanwu-2027-06-09 --as li")
        @OptionGroup var store: StoreOptions
        @Argument(help: "submit, reject, approve, schedule, cancel or archive.") var action: String
        @Argument(help: "Campaign id.") var id: String
        @Option(name: .customLong("as"), help: "The staff account acting.") var account: String?

        func run() async throws {
            let allowed: [CampaignAction] = [.submit, .reject, .approve, .schedule, .cancel, .archive]
            guard let step = CampaignAction(rawValue: action), allowed.contains(step) else {
                throw ValidationError("unknown step '\(action)' (use \(allowed.map(\.rawValue).joined(separator: ", ")))")
            }
            let app = try await store.app()
            let campaign = try await app.campaigns.perform(step, on: Campaign.ID(id), actor: try await staffActor(app, account))
            if step == .schedule, try await app.campaigns.audienceSize(campaign.id) == 0 {
                printError("warning: the audience matches no parent today")
            }
            print(CampaignView(campaign).line)
        }
    }

    struct RunDue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run-due",
            abstract: "Send every scheduled campaign due at --now (what the server's scheduler does each minute).")
        @OptionGroup var store: StoreOptions
        @Option(help: "The moment to run at, ISO 8601 (default: now), e.g. 2027-06-06T18:00:00+08:00.") var now: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let moment: Date
            if let now {
                guard let parsed = ISO8601DateFormatter().date(from: now) else {
                    throw ValidationError("--now '\(now)' is not ISO 8601 with a time zone, e.g. 2027-06-06T18:00:00+08:00")
                }
                moment = parsed
            } else {
                moment = Date()
            }
            let app = try await store.app()
            let results = try await app.campaigns.runDue(now: moment)
            if json { return try printJSON(results) }
            if results.isEmpty { print("nothing due") }
            for result in results { print("sent \(result.campaign) to \(result.recipients) parents") }
        }
    }

    struct Rates: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delivered, read and acknowledged counts by school and grade.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Campaign id.") var id: String
        @Option(name: .customLong("as"), help: "The staff account acting.") var account: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let app = try await store.app()
            let rates = try await app.campaigns.rates(Campaign.ID(id), actor: try await staffActor(app, account))
            if json { return try printJSON(rates) }
            for rate in rates {
                let percent = { (part: Int) in rate.delivered == 0 ? "-" : String(format: "%.0f%%", 100.0 * Double(part) / Double(rate.delivered)) }
                print("\(rate.school.isEmpty ? "（未填学校）" : rate.school)  \(rate.grade.map { Grade.chineseName($0) } ?? "（未填年级）")  送达 \(rate.delivered)  已读 \(percent(rate.read))  回执 \(percent(rate.acknowledged))")
            }
        }
    }

    struct Remind: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remind every parent who has not acknowledged a letter.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Campaign id.") var id: String
        @Option(name: .customLong("as"), help: "The staff account acting.") var account: String?

        func run() async throws {
            let app = try await store.app()
            let count = try await app.campaigns.remind(Campaign.ID(id), actor: try await staffActor(app, account))
            print("reminded \(count) parents")
        }
    }
}

extension XinQiaoCommand {
    /// A parent's letters.
    struct LettersCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "letters", abstract: "A parent's letters: list the inbox, read one, acknowledge (回执).",
            subcommands: [Inbox.self, Read.self, Ack.self])
    }
}

extension XinQiaoCommand.LettersCommand {
    struct Inbox: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the parent's letters, newest first.")
        @OptionGroup var store: StoreOptions
        @Option(name: .customLong("as"), help: "The parent's account.") var account: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let app = try await store.app()
            let letters = try await app.campaigns.inbox(actor: try await actor(app, account))
            if json { return try printJSON(letters.map(LetterView.init)) }
            if letters.isEmpty { print("没有信件") }
            for letter in letters {
                if letter.kind == "lecture_reminder" {
                    print("\(letter.campaign)  [讲座提醒]  \(letter.title)")
                    continue
                }
                let status = letter.ackAt != nil ? "已回执" : letter.readAt != nil ? (letter.ackRequired ? "已读，待回执" : "已读") : "未读"
                print("\(letter.campaign)  [\(status)\(letter.reminded && letter.ackAt == nil ? "，有提醒" : "")]  \(letter.title)")
            }
        }
    }

    struct Read: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Read a letter (marks it read).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Letter (campaign) id.") var id: String
        @Option(name: .customLong("as"), help: "The parent's account.") var account: String?

        func run() async throws {
            let app = try await store.app()
            let read = try await app.campaigns.read(Campaign.ID(id), actor: try await actor(app, account))
            print(read.letter.title)
            print()
            print(read.body)
            if read.letter.ackRequired && read.letter.ackAt == nil {
                print()
                print("请回执：xinqiao letters ack \(id) --as \(account ?? "ACCOUNT") [--message 留言]")
            }
        }
    }

    struct Ack: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Acknowledge a letter (回执), with an optional message.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Letter (campaign) id.") var id: String
        @Option(help: "A message to the school (at most 500 characters).") var message: String?
        @Option(name: .customLong("as"), help: "The parent's account.") var account: String?

        func run() async throws {
            let app = try await store.app()
            let letter = try await app.campaigns.acknowledge(Campaign.ID(id), message: message, actor: try await actor(app, account))
            print("已回执：\(letter.title)")
        }
    }
}
