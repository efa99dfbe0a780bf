import App
import Foundation
import OutreachCore
import Testing
import TestSupport

/// The chat wiring: crisis first with the parent's regional lines, answers only from the library.
@Suite struct ChatServiceTests {
    private func makeApp() async throws -> App {
        let root = Repository.root
        let config = AppConfig(
            contentRoots: [root.appendingPathComponent("Content").path, root.appendingPathComponent("Lessons").path], bcryptCost: 4,
            lexiconDirectory: root.appendingPathComponent("Content/lexicon").path)
        let app = try await App.makeForTesting(config: config)
        _ = try await app.content.importLibrary(roots: config.contentRoots)
        return app
    }

    @Test func crisisRepliesPutStepsAndTheRegionsLinesFirst() async throws {
        // Given a parent in 浙江 and a guest
        let app = try await makeApp()
        let parent = try await app.accounts.create(.init(id: "zj1", role: "parent", region: "浙江杭州"), actor: .localOperator)
        let chat = try app.chat()
        // When both report a crisis mixed into another request
        let asParent = try await chat.reply(to: "想报名周六的讲座，另外孩子这两天一直说想消失", as: parent)
        let asGuest = try await chat.reply(to: "想报名周六的讲座，另外孩子这两天一直说想消失")
        // Then the crisis wins, the reply starts with calm words and steps, and the lines come from hotlines.yaml
        #expect(asParent.intent == "crisis" && asParent.crisis)
        #expect(asParent.reply.hasPrefix("谢谢您告诉我"))
        for hotline in chat.hotlines where hotline.serves(region: "浙江杭州") { #expect(asParent.reply.contains(hotline.number)) }
        #expect(asParent.reply.contains("96525"))
        #expect(!asGuest.reply.contains("96525"))
        #expect(asGuest.reply.contains("12356") && asGuest.reply.contains("110"))
        #expect(asParent.sources.isEmpty)
        // And staff see each event in the audit log, without the parent's words
        let logged = try await app.database.auditLog(limit: 10).filter { $0.action == "chat.crisis" }
        #expect(logged.map(\.actor).sorted() == ["guest", "zj1"])
        #expect(logged.allSatisfy { $0.target == "suicide" && !$0.detail.contains("消失") })
    }

    @Test func screeningTheSameTextAgainGivesTheSameHelpAndLogsAgain() async throws {
        // Given the help for free text outside the chat (a search query asked twice, and a harmless one)
        let app = try await makeApp()
        let parent = try await app.accounts.create(.init(id: "p1", role: "parent", region: "浙江杭州"), actor: .localOperator)
        let chat = try app.chat()
        let first = await chat.crisisHelp(for: "孩子说活着没意思，想从楼上跳下去", as: parent)
        let second = await chat.crisisHelp(for: "孩子说活着没意思，想从楼上跳下去", as: parent)
        // Then the answer is the same each time, and each time is an event for staff
        #expect(first != nil && first == second)
        #expect(await chat.crisisHelp(for: "孩子睡得晚怎么办", as: parent) == nil)
        #expect(await chat.crisisHelp(for: "孩子睡得晚怎么办", as: parent) == nil)
        // And an anonymous reader gets the same help (with the national lines), but nothing is written
        let guest = await chat.crisisHelp(for: "孩子说活着没意思，想从楼上跳下去")
        #expect(guest?.contains("12356") == true)
        let logged = try await app.database.auditLog(limit: 10).filter { $0.action == "chat.crisis" }
        #expect(logged.map(\.actor) == ["p1", "p1"])
    }

    @Test func questionsAreAnsweredFromTheLibraryOrNotAtAll() async throws {
        let app = try await makeApp()
        let chat = try app.chat()
        // When a parent asks about sleep
        let answer = try await chat.reply(to: "孩子晚上睡不着怎么办")
        // Then the reply quotes a library item named in the sources
        #expect(answer.intent == "ask")
        let source = try #require(answer.sources.first)
        #expect(answer.reply.contains(source.title))
        // And idioms are not crises; greetings and help point to what the assistant can do
        #expect(try await chat.reply(to: "气死我了，作业多得要命").crisis == false)
        #expect(try await chat.reply(to: "你好").intent == "greeting")
        #expect(try await chat.reply(to: "你能做什么").reply.contains("考考我"))
    }

    @Test func pointersUseTheParentsOwnData() async throws {
        // Given a parent who has not started anything
        let app = try await makeApp()
        let parent = try await app.accounts.create(.init(id: "p9", role: "parent", region: "浙江"), actor: .localOperator)
        let chat = try app.chat()
        // Then letters, progress and quiz get one-line pointers, with the parent's own counts
        let letters = try await chat.reply(to: "学校发的家长信", as: parent)
        #expect(letters.intent == "letters" && letters.reply.hasPrefix("您有 0 封未读的家长信"))
        let progress = try await chat.reply(to: "我的学习进度", as: parent)
        #expect(progress.intent == "progress" && progress.reply.hasPrefix("您还没有开始学习"))
        let quiz = try await chat.reply(to: "考考我", as: parent)
        #expect(quiz.intent == "quiz" && quiz.reply.contains("/quiz"))
        // And as a guest the pointer alone
        #expect(try await chat.reply(to: "我的学习进度").reply.hasPrefix("学习进度"))
    }

    @Test func aBrokenRulesFileIsAPathLineError() async throws {
        // Given a content root whose crisis rules are broken
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("xq-chatrules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("chat"), withIntermediateDirectories: true)
        try Data("categories:\n  - id: x\n    name: y\n    patterns: [\"…\"]\n".utf8).write(to: root.appendingPathComponent("chat/crisis.yaml"))
        try Data("intents: []\n".utf8).write(to: root.appendingPathComponent("chat/intents.yaml"))
        let app = try await App.makeForTesting(config: AppConfig(contentRoots: [root.path], bcryptCost: 4))
        // Then opening the chat fails with the file and line
        #expect {
            _ = try app.chat()
        } throws: { error in
            "\(error)".hasPrefix(root.appendingPathComponent("chat/crisis.yaml").path + ":4:")
        }
    }
}

@Suite struct ChatExcerptTests {
    @Test func excerptsAreCleanPlainText() {
        let snippet = "…作业多。孩子真正难受的 ## 期望没有错 **先听完**再说 &lt;b&gt; <mark>焦虑</mark>…"
        let excerpt = ChatService.plainExcerpt(snippet)
        #expect(!excerpt.contains("#") && !excerpt.contains("**") && !excerpt.contains("<mark>"))
        #expect(excerpt.contains("期望没有错") && excerpt.contains("先听完再说") && excerpt.contains("<b>") && excerpt.contains("焦虑"))
    }
}
