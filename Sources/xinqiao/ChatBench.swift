import App
import ArgumentParser
import Foundation
import OutreachCore

extension XinQiaoCommand.BenchCommand {
    /// Reply latency of the embedded chat: every utterance of a JSON Lines file (`{"text"}` a line)
    /// answered as a fresh turn, then multi-turn conversations (a whole quiz, a lesson with 继续, a
    /// crisis in the middle), repeated; p50, p99 and max per turn.
    struct ChatBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "chat", abstract: "Reply latency of the embedded chat (target: p99 < 50 ms).")

        @OptionGroup var store: StoreOptions
        @Option(help: "Utterances, JSON Lines with a \"text\" key (e.g. ../shared/chat/utterances-dev.jsonl).") var utterances: String
        @Option(name: .customLong("repeat"), help: "Rounds over the utterances.") var rounds: Int = 10

        func run() async throws {
            let app = try await store.app()
            let chat = try app.chat()
            guard let data = FileManager.default.contents(atPath: utterances) else { throw ValidationError("cannot read \(utterances)") }
            let texts = String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line -> String? in
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
                return object["text"] as? String
            }
            guard !texts.isEmpty else { throw ValidationError("\(utterances) has no {\"text\"} lines") }
            let parentID = "bench-chat-parent"
            if try await app.accounts.account(id: parentID) == nil {
                _ = try await app.accounts.create(.init(id: parentID, role: "parent", region: "浙江杭州", grade: 8), actor: .localOperator)
            }
            let parent = try await app.accounts.account(id: parentID)
            // Warm up: index, caches, rules.
            for text in texts { _ = try await chat.reply(to: text, as: parent) }

            var single: [Double] = []
            for _ in 0..<rounds {
                for text in texts {
                    let start = ContinuousClock.now
                    _ = try await chat.reply(to: text, as: parent)
                    single.append((ContinuousClock.now - start).milliseconds)
                }
            }
            var multi: [Double] = []
            let script = ["考考我"] + Array(repeating: "A", count: 5) + ["孩子说不想活了", "没事了", "继续测验"] + Array(repeating: "B", count: 15)
                + ["/lesson", "继续", "继续", "继续", "/letters", "/lectures", "孩子晚上睡不着怎么办", "那初中生呢", "/progress"]
            for _ in 0..<rounds {
                let conversation = chat.conversation(as: parent)
                for line in script {
                    let start = ContinuousClock.now
                    _ = await conversation.respond(to: line)
                    multi.append((ContinuousClock.now - start).milliseconds)
                }
            }
            print("| turns | count | mean ms | p50 ms | p99 ms | max ms |")
            print("|---|---:|---:|---:|---:|---:|")
            for (name, values) in [("single-turn (\(texts.count) utterances × \(rounds))", single), ("multi-turn conversations", multi)] {
                let sorted = values.sorted()
                let mean = values.reduce(0, +) / Double(max(values.count, 1))
                func at(_ q: Double) -> Double { sorted[min(sorted.count - 1, Int((Double(sorted.count) * q).rounded(.up)) - 1)] }
                print("| \(name) | \(values.count) | " + String(format: "%.2f | %.2f | %.2f | %.2f |", mean, at(0.5), at(0.99), sorted.last ?? 0))
            }
        }
    }
}

extension Duration {
    fileprivate var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1_000 + Double(attoseconds) / 1e15
    }
}
