import App
import ArgumentParser
import Foundation
import Knowledge
import OutreachCore

extension XinQiaoCommand {
    /// The conversational front for parents (issue 7).
    struct ChatCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "chat",
            abstract: "Chat with the parents' assistant: questions answered from the library, crisis help first.",
            discussion: """
                Interactive by default (/help, /quit; Ctrl-D ends). With --batch, reads one utterance per line on
                standard input and writes one JSON line each, as a fresh single-turn conversation:
                {"text","intent","crisis","reply","sources":[{"id","title"}]}.
                """
        )

        @OptionGroup var store: StoreOptions
        @Option(name: .customLong("as"), help: "Act as this parent account (default: a guest).") var account: String?
        @Flag(help: "Read utterances from standard input, one per line, and print one JSON line each.") var batch = false
        @Option(help: "Talk to a running `xinqiao serve` at this URL (POST /api/v1/chat) instead of the local database.")
        var server: String?

        func validate() throws {
            if server != nil && account != nil {
                throw ValidationError("--as works with the local database only; through --server the chat answers as a guest")
            }
        }

        func run() async throws {
            if let server {
                let client: ChatClient
                do { client = try ChatClient(server: server) } catch { throw ValidationError(error.description) }
                try await converse { text in try await client.reply(to: text) }
                return
            }
            let app = try await store.app()
            let chat: ChatService
            do { chat = try app.chat() } catch let error as ChatServiceError {
                printError(error.description)
                throw ExitCode.failure
            }
            var parent: Account?
            if let account {
                guard let found = try await app.accounts.account(id: account) else { throw ValidationError("no account '\(account)'") }
                parent = found
            }
            try await converse(hotlines: chat.hotlines.filter { $0.serves(region: parent?.region) }.map(\.number)) { text in
                try await chat.reply(to: text, as: parent)
            }
        }

        /// Batch or interactive, over any way of answering one utterance (local service or server).
        private func converse(hotlines: [String] = [], _ answer: (String) async throws -> ChatTurn) async throws {
            if batch {
                while let line = readLine(strippingNewline: true) {
                    let turn: ChatTurn
                    do {
                        turn = try await answer(line)
                    } catch let error as ChatClientError {
                        printError("chat: \(error)")
                        turn = ChatTurn(text: line, intent: "help", crisis: false, reply: "暂时连不上心桥服务器，请稍后再试。", sources: [])
                    } catch {
                        // One bad turn must not end the batch: answer it, report it, go on.
                        printError("chat: \(error)")
                        turn = ChatTurn(text: line, intent: "help", crisis: false, reply: "出了点问题，请换个说法再试一次。", sources: [])
                    }
                    let output = Self.json(turn)
                    output.withUnsafeBufferPointer { Terminal.writeAll(1, $0) }
                }
                return
            }
            try await interactive(hotlines: hotlines, answer)
        }

        /// A plain line-by-line conversation. A crisis stays in view: a following "没事了" gets the
        /// lines again instead of closing the topic.
        private func interactive(hotlines: [String], _ answer: (String) async throws -> ChatTurn) async throws {
            let tty = Terminal.stdoutIsTTY
            say("心桥家长助手：您好！有关孩子心理健康的问题都可以问我。输入 /help 查看功能，/quit 退出。", tty: tty)
            var lastWasCrisis = false
            while true {
                if tty { Array("> ".utf8).withUnsafeBufferPointer { Terminal.writeAll(1, $0) } }
                guard let line = readLine(strippingNewline: true) else { break }
                let text = line.trimmingCharacters(in: .whitespaces)
                if text.isEmpty { continue }
                switch text {
                case "/quit", "/exit": return
                default: break
                }
                let utterance = ["/help": "帮助", "/quiz": "考考我", "/lesson": "开始学习", "/letters": "家长信", "/lectures": "讲座"][text] ?? text
                let turn: ChatTurn
                do {
                    turn = try await answer(utterance)
                } catch {
                    // The conversation goes on: say what went wrong and wait for the next line.
                    say("出了点问题：\(error)。请稍后再试。", tty: tty)
                    continue
                }
                if utterance != text {
                    say(turn.reply, tty: tty)
                    continue
                }
                if !turn.crisis && lastWasCrisis && Self.isDismissal(text) {
                    let numbers = hotlines.isEmpty ? "" : "：\(hotlines.joined(separator: "、"))"
                    say("好的。如果情况有变化，或者您还是不放心，随时可以拨打刚才的求助电话\(numbers)。我一直在这里。", tty: tty)
                    continue
                }
                lastWasCrisis = turn.crisis
                say(turn.reply, tty: tty)
                for source in turn.sources { say("（来源：\(source.title) [\(source.id)]）", tty: tty) }
            }
        }

        private static func isDismissal(_ text: String) -> Bool {
            ["没事", "没事了", "好了", "算了", "不用了", "没关系", "开玩笑", "开玩笑的"].contains { text.hasPrefix($0) }
        }

        private func say(_ text: String, tty: Bool) {
            let line = Array((tty ? "\u{1B}[36m\(text)\u{1B}[0m\n" : "\(text)\n").utf8)
            line.withUnsafeBufferPointer { Terminal.writeAll(1, $0) }
        }

        /// `{"text","intent","crisis","reply","sources":[{"id","title"}]}` and a newline.
        static func json(_ turn: ChatTurn) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(1024)
            JSONText.raw("{\"text\":", to: &out)
            JSONText.append(turn.text, to: &out)
            JSONText.raw(",\"intent\":", to: &out)
            JSONText.append(turn.intent, to: &out)
            JSONText.raw(turn.crisis ? ",\"crisis\":true,\"reply\":" : ",\"crisis\":false,\"reply\":", to: &out)
            JSONText.append(turn.reply, to: &out)
            JSONText.raw(",\"sources\":[", to: &out)
            for (index, source) in turn.sources.enumerated() {
                JSONText.raw(index > 0 ? ",{\"id\":" : "{\"id\":", to: &out)
                JSONText.append(source.id, to: &out)
                JSONText.raw(",\"title\":", to: &out)
                JSONText.append(source.title, to: &out)
                out.append(UInt8(ascii: "}"))
            }
            JSONText.raw("]}\n", to: &out)
            return out
        }
    }
}
