import App
import ArgumentParser
import Foundation
import Lectures
import OutreachCore

extension XinQiaoCommand.LectureCommand {
    /// Orders (点单) from schools and communities.
    struct OrderCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "order",
            abstract: "Orders (点单): create, propose lecturers, confirm, accept or decline (the lecturer), schedule, cancel.",
            discussion: """
                States: open → proposed → confirmed → accepted | declined → scheduled, or cancelled before it is scheduled. \
                A declined order is proposed again without that lecturer. Every step is audited.
                """,
            subcommands: [Create.self, Propose.self, Confirm.self, Accept.self, Decline.self, Schedule.self, CancelOrder.self, ShowOrder.self, ListOrders.self])
    }
}

/// Prints an order as JSON or text.
private func emit(_ order: LectureOrder, json: Bool) throws {
    if json { try printJSON(OrderView(order)) } else { OrderView(order).printText() }
}

extension XinQiaoCommand.LectureCommand.OrderCommand {
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record an order from the topic menu.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Order id (default: order-<random>).") var id: String?
        @Option(help: "The school or community ordering.") var requester: String
        @Option(help: "Topic id (see `xinqiao lecture topics`).") var topic: String
        @Option(help: "Preferred days, YYYY-MM-DD, comma-separated, most preferred first.") var dates: String
        @Option(help: "Start time, HH:mm (Beijing).") var time: String = "19:00"
        @Option(help: "Length in minutes.") var minutes: Int = 90
        @Option(help: "Expected audience.") var audience: Int
        @Option(help: "Region, e.g. 浙江杭州西湖区.") var region: String = ""
        @Option(name: .customLong("as"), help: "The organiser acting.") var account: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let app = try store.appWithoutSearch()
            let identifier = id ?? "order-" + Registration.makeCode().lowercased()
            let now = Date()
            let result = try await app.lectures.createOrder(
                LectureOrder(
                    id: LectureOrder.ID(identifier), requester: requester, topic: topic, preferredDates: commaList(dates), time: time,
                    minutes: minutes, audience: audience, region: region, createdAt: now, updatedAt: now),
                actor: try await staffActor(app, account))
            if !result.covered { printError("warning: no lecturer covers topic '\(topic)' yet: the order stays open until one does") }
            try emit(result.order, json: json)
        }
    }

    struct Propose: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Propose lecturers by topic, region and availability.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Order id.") var order: String
        @Option(name: .customLong("as"), help: "The organiser acting.") var account: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let app = try store.appWithoutSearch()
            try emit(try await app.lectures.propose(LectureOrder.ID(order), actor: try await staffActor(app, account)), json: json)
        }
    }

    struct Confirm: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Confirm one proposed lecturer (on one of their proposed dates).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Order id.") var order: String
        @Option(help: "Lecturer id (one of the proposals).") var lecturer: String
        @Option(help: "Day, YYYY-MM-DD (default: the lecturer's first proposed day).") var date: String?
        @Option(name: .customLong("as"), help: "The organiser acting.") var account: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let app = try store.appWithoutSearch()
            try emit(
                try await app.lectures.confirm(LectureOrder.ID(order), lecturer: lecturer, date: date, actor: try await staffActor(app, account)),
                json: json)
        }
    }

    /// What accepting and declining share: the order, who answers, the output.
    struct Answer: ParsableArguments {
        @OptionGroup var store: StoreOptions
        @Argument(help: "Order id.") var order: String
        @Option(name: .customLong("as"), help: "The lecturer's account (or an organiser).") var account: String?
        @Flag(help: "Print JSON.") var json = false

        func send(accept: Bool) async throws {
            let app = try store.appWithoutSearch()
            try emit(try await app.lectures.respond(LectureOrder.ID(order), accept: accept, actor: try await staffActor(app, account)), json: json)
        }
    }

    struct Accept: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The confirmed lecturer accepts (as their account, or an organiser for them).")
        @OptionGroup var answer: Answer

        func run() async throws { try await answer.send(accept: true) }
    }

    struct Decline: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The confirmed lecturer declines; the order can be proposed again without them.")
        @OptionGroup var answer: Answer

        func run() async throws { try await answer.send(accept: false) }
    }

    struct Schedule: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Turn an accepted order into a lecture at a venue (conflicts refused).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Order id.") var order: String
        @Option(help: "The new lecture's id.") var id: String
        @Option(help: "Venue id.") var venue: String
        @Option(help: "Title (default: the topic's name).") var title: String?
        @Option(help: "Seats (default: the venue's).") var capacity: Int?
        @Option(name: .customLong("as"), help: "The organiser acting.") var account: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let app = try store.appWithoutSearch()
            let result = try await app.lectures.schedule(
                LectureOrder.ID(order), lectureID: id, venue: venue, title: title, capacity: capacity, actor: try await staffActor(app, account))
            if json { return try printJSON(LectureView(result.lecture)) }
            print("scheduled \(LectureView(result.lecture).line)")
        }
    }

    struct CancelOrder: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel an order not yet scheduled.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Order id.") var order: String
        @Option(name: .customLong("as"), help: "The organiser acting.") var account: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let app = try store.appWithoutSearch()
            try emit(try await app.lectures.cancelOrder(LectureOrder.ID(order), actor: try await staffActor(app, account)), json: json)
        }
    }

    struct ShowOrder: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one order.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Order id.") var order: String
        @Option(name: .customLong("as"), help: "The organiser acting.") var account: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let app = try store.appWithoutSearch()
            try emit(try await app.lectures.order(LectureOrder.ID(order), actor: try await staffActor(app, account)), json: json)
        }
    }

    struct ListOrders: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List orders.")
        @OptionGroup var store: StoreOptions
        @Option(name: .customLong("as"), help: "The organiser acting.") var account: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let app = try store.appWithoutSearch()
            let orders = try await app.lectures.orders(actor: try await staffActor(app, account))
            if json { return try printJSON(orders.map(OrderView.init)) }
            for order in orders { OrderView(order).printText() }
        }
    }
}
