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
        @Option(name: .customLong("as"), help: "Act as this parent account (default: a guest). With --server, signs in with the password in XINQIAO_PASSWORD or asked on the terminal.") var account: String?
        @Flag(help: "Read utterances from standard input, one per line, and print one JSON line each.") var batch = false
        @Option(help: "Talk to a running `xinqiao serve` at this URL (POST /api/v1/chat) instead of the local database.")
        var server: String?

        func validate() throws {
            if server != nil, account != nil, ProcessInfo.processInfo.environment["XINQIAO_PASSWORD"] == nil, !Terminal.stdinIsTTY {
                throw ValidationError("--as with --server signs in: set XINQIAO_PASSWORD, or run on a terminal to be asked for the password")
            }
        }

        func run() async throws {
            if let server {
                let client: ChatClient
                do { client = try ChatClient(server: server) } catch { throw ValidationError(error.description) }
                if let account {
                    guard let password = ProcessInfo.processInfo.environment["XINQIAO_PASSWORD"] ?? Terminal.readSecret(prompt: "\(account) 的密码：")
                    else { throw ValidationError("no password given for \(account)") }
                    do { try await client.signIn(id: account, password: password) } catch {
                        printError("chat: \(error)")
                        throw ExitCode.failure
                    }
                }
                if batch {
                    try await runBatch { text in try await client.reply(to: text) }
                    return
                }
                let remote = RemoteConversation(client: client)
                await ChatLoop(console: TerminalConsole()) { text in try await remote.reply(to: text) }.run()
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
                guard found.role == .parent else { throw ValidationError("'\(account)' is a \(found.role.rawValue) account; the chat acts as a parent") }
                parent = found
            }
            if batch {
                try await runBatch { text in try await chat.reply(to: text, as: parent) }
                return
            }
            let conversation = chat.conversation(as: parent)
            await ChatLoop(console: TerminalConsole()) { text in await conversation.respond(to: text) }.run()
        }

        /// One fresh single-turn answer per input line, one flushed JSON line each.
        private func runBatch(_ answer: (String) async throws -> ChatTurn) async throws {
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

/// A conversation kept on a running server: remembers the conversation id between turns and says
/// clearly when the server cannot be reached (the loop goes on).
actor RemoteConversation {
    let client: ChatClient
    private var id: String?

    init(client: ChatClient) { self.client = client }

    func reply(to text: String) async throws -> ChatTurn {
        do {
            let (turn, conversation) = try await client.reply(to: text, conversation: id ?? "new")
            id = conversation
            return turn
        } catch {
            throw RemoteError(message: "\(error)")
        }
    }

    struct RemoteError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
