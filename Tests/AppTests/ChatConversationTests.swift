import App
import Foundation
import Learning
import Lectures
import OutreachCore
import Store
import Testing
import TestSupport

/// Multi-turn conversations: a quiz question by question with a crisis in the middle, a lesson in
/// chunks with 继续, letters read and acknowledged, a lecture booked and cancelled by slot filling.
@Suite struct ChatConversationTests {
    /// The bundled library at the fixed test moment (2026-11-18), a parent in 浙江杭州 and a venue there.
    private func app() async throws -> (App, ChatService, Account) {
        let root = Repository.root
        let config = AppConfig(
            contentRoots: [root.appendingPathComponent("Content").path, root.appendingPathComponent("Lessons").path], bcryptCost: 4,
            lexiconDirectory: root.appendingPathComponent("Content/lexicon").path)
        let app = try await App.makeForTesting(config: config)
        _ = try await app.content.importLibrary(roots: config.contentRoots)
        let parent = try await app.accounts.create(
            .init(id: "p1", role: "parent", region: "浙江杭州", school: "一中", grade: 8), actor: .localOperator)
        return (app, try app.chat(), parent)
    }

    /// The right option labels for the question shown last in `reply` (options are shuffled per attempt).
    private func rightAnswer(_ reply: String, bank: [Question]) throws -> String {
        let lines = reply.components(separatedBy: "\n")
        let header = try #require(lines.lastIndex { $0.hasPrefix("第 ") && $0.contains("题") })
        let stem = String(lines[header].split(separator: "：", maxSplits: 1).last ?? "")
        let question = try #require(bank.first { $0.stem == stem }, "no question with stem \(stem)")
        var labels = ""
        for line in lines[(header + 1)...] {
            guard let dot = line.firstIndex(of: "."), line.distance(from: line.startIndex, to: dot) == 1 else { break }
            let text = String(line[line.index(dot, offsetBy: 2)...])
            if let option = question.options.first(where: { $0.text == text }), question.answer.contains(option.id) {
                labels.append(line.first!)
            }
        }
        return labels
    }

    @Test func aQuizRunsQuestionByQuestionAndACrisisStopsItUntilTheParentIsReady() async throws {
        let (app, chat, parent) = try await app()
        let bank = try await app.learning.quiz(id: "parent-awareness").questions
        let conversation = chat.conversation(as: parent)
        // When the parent asks to be tested
        var turn = await conversation.respond(to: "考考我吧")
        #expect(turn.intent == "quiz" && turn.reply.contains("第 1/20 题"))
        // And answers the first question right
        turn = await conversation.respond(to: "选" + (try rightAnswer(turn.reply, bank: bank)))
        #expect(turn.reply.hasPrefix("✓") && turn.reply.contains("第 2/20 题"))
        // When a crisis comes in the middle of the quiz
        turn = await conversation.respond(to: "其实我家孩子最近说活着没意思，想跳下去")
        // Then help comes first and the quiz does not go on over it
        #expect(turn.crisis && turn.reply.hasPrefix("谢谢您告诉我") && turn.reply.contains("12356") && turn.reply.contains("96525"))
        #expect(await conversation.mode == "quiz_paused")
        turn = await conversation.respond(to: "A")
        #expect(!turn.reply.contains("答对了") && !turn.reply.contains("正确答案") && turn.reply.contains("继续测验"))
        // And a first 没事了 keeps the help in view
        turn = await conversation.respond(to: "没事了")
        #expect(turn.crisis && turn.reply.contains("12356"))
        // When the parent resumes, the quiz goes on from question 2 to the end
        turn = await conversation.respond(to: "继续测验")
        #expect(turn.reply.contains("第 2/20 题"))
        for _ in 2...20 { turn = await conversation.respond(to: try rightAnswer(turn.reply, bank: bank)) }
        #expect(turn.reply.contains("测验完成：答对 20/20 题") && turn.reply.contains("知晓"))
        #expect(await conversation.mode == "idle")
        // And the attempt is stored as the parent's, submitted and aware
        let attempts = try await app.database.attempts(account: parent.id, quiz: "parent-awareness")
        #expect(attempts.count == 1 && attempts[0].isSubmitted && attempts[0].score?.correct == 20)
        // And staff see the crisis without the parent's words
        let log = try await app.database.auditLog(limit: 20).filter { $0.action.hasPrefix("chat.crisis") }
        #expect(log.count == 1 && log.allSatisfy { !$0.detail.contains("跳") })
    }

    @Test func theParentsWordsAreLoggedOnlyWithConsent() async throws {
        let (app, chat, parent) = try await app()
        let conversation = chat.conversation(as: parent)
        let turn = await conversation.respond(to: "女儿手腕上有好多划痕")
        #expect(turn.crisis && turn.reply.contains("同意"))
        let agreed = await conversation.respond(to: "同意")
        #expect(agreed.reply.contains("工作人员会看到"))
        let log = try await app.database.auditLog(limit: 20)
        #expect(log.contains { $0.action == "chat.crisis.consent" && $0.detail.contains("划痕") && $0.actor == "p1" })
        #expect(log.contains { $0.action == "chat.crisis" && !$0.detail.contains("划痕") })
    }

    @Test func guestsTakeTheQuizWithoutAnythingStored() async throws {
        let (app, chat, _) = try await app()
        let conversation = chat.conversation(as: nil)
        var turn = await conversation.respond(to: "/quiz")
        #expect(turn.reply.contains("访客") && turn.reply.contains("第 1/20 题"))
        // Answers in any form: a letter, a number, 选X, or nonsense that is asked again
        turn = await conversation.respond(to: "嗯嗯嗯")
        #expect(turn.reply.contains("没看懂"))
        turn = await conversation.respond(to: "1")
        #expect(turn.reply.contains("第 2/20 题"))
        for _ in 2...20 { turn = await conversation.respond(to: "选A") }
        #expect(turn.reply.contains("测验完成"))
        #expect(try await app.database.auditLog(limit: 50).allSatisfy { !$0.action.hasPrefix("attempt") })
    }

    @Test func aLessonComesInChunksAndIsRememberedAcrossADetour() async throws {
        let (app, chat, parent) = try await app()
        let conversation = chat.conversation(as: parent)
        var turn = await conversation.respond(to: "/lesson")
        #expect(turn.intent == "lesson" && turn.reply.contains("微课《") && turn.reply.contains("说“继续”往下看"))
        let title = try #require(turn.reply.components(separatedBy: "《").dropFirst().first?.components(separatedBy: "》").first)
        // A detour to the letters does not lose the place
        _ = await conversation.respond(to: "/letters")
        turn = await conversation.respond(to: "继续")
        #expect(turn.reply.contains("（2/"))
        var guard_ = 0
        while !turn.reply.contains("学完了"), guard_ < 20 {
            turn = await conversation.respond(to: "继续")
            guard_ += 1
        }
        #expect(turn.reply.contains("这节微课学完了") && turn.sources.first?.title == title)
        // And the lesson is stored as read: the next lesson is a different one
        let progress = try await app.learning.progress(actor: .account(parent))
        #expect(progress.reduce(0) { $0 + $1.read } == 1)
        turn = await conversation.respond(to: "继续")
        #expect(turn.reply.contains("微课《") && !turn.reply.contains("微课《\(title)》"))
    }

    @Test func lettersAreReadAndAcknowledgedInConversation() async throws {
        let (app, chat, _) = try await app()
        // A parent of a senior-three student: the gaokao letter's audience
        let parent = try await app.accounts.create(.init(id: "p12", role: "parent", region: "浙江宁波", school: "一中", grade: 12), actor: .localOperator)
        let wang = try await app.accounts.create(.init(id: "wang", role: "staff"), actor: .localOperator)
        let li = try await app.accounts.create(.init(id: "li", role: "staff"), actor: .localOperator)
        let draft = try await app.campaigns.create(template: "letter-gaokao-before", year: 2027, region: "zhejiang", actor: .account(wang))
        _ = try await app.campaigns.perform(.submit, on: draft.id, actor: .account(wang))
        _ = try await app.campaigns.perform(.approve, on: draft.id, actor: .account(li))
        let scheduled = try await app.campaigns.perform(.schedule, on: draft.id, actor: .account(wang))
        _ = try await app.campaigns.runDue(now: try #require(scheduled.sendAt))
        let conversation = chat.conversation(as: parent)
        var turn = await conversation.respond(to: "我想看看学校发的家长信")
        #expect(turn.intent == "letters" && turn.reply.contains("1. 《") && turn.reply.contains("未读"))
        turn = await conversation.respond(to: "1")
        #expect(turn.reply.contains("回执") && turn.sources.first?.id == draft.id.rawValue)
        turn = await conversation.respond(to: "确认 孩子已知晓")
        #expect(turn.reply.contains("回执已提交"))
        let inbox = try await app.campaigns.inbox(actor: .account(parent))
        #expect(inbox.first { $0.campaign == draft.id.rawValue }?.ackAt != nil)
        // A guest is asked to sign in
        let guest = await chat.conversation(as: nil).respond(to: "/letters")
        #expect(guest.reply.contains("登录"))
    }

    @Test func aLectureIsBookedAndCancelledWithAConfirmation() async throws {
        let (app, chat, parent) = try await app()
        _ = try await app.lectures.addVenue(Venue(id: "hall", name: "西湖区文化站", region: "浙江杭州", capacity: 50), actor: .localOperator)
        for (id, day) in [("l1", "2027-03-06"), ("l2", "2027-03-13")] {
            _ = try await app.lectures.add(
                .init(
                    id: id, title: "考试焦虑怎么办（\(day)）", venue: "hall", lecturer: nil,
                    start: BeijingTime.parseInstant("\(day)T19:00:00+08:00")!, end: BeijingTime.parseInstant("\(day)T20:30:00+08:00")!,
                    capacity: 2, weekly: nil),
                actor: .localOperator)
        }
        let conversation = chat.conversation(as: parent)
        var turn = await conversation.respond(to: "最近有什么讲座吗")
        #expect(turn.intent == "lectures" && turn.reply.contains("1. 《考试焦虑怎么办（2027-03-06）》"))
        // Which one? then a confirmation before anything is written
        turn = await conversation.respond(to: "报名第二场")
        #expect(turn.reply.contains("确定报名《考试焦虑怎么办（2027-03-13）》"))
        #expect(try await app.lectures.registrations(parent: "p1", actor: .account(parent)).isEmpty)
        turn = await conversation.respond(to: "是")
        #expect(turn.reply.contains("报名成功") && turn.reply.contains("签到码"))
        #expect(try await app.lectures.registrations(parent: "p1", actor: .account(parent)).map(\.1.id.rawValue) == ["l2"])
        // Cancelling asks again, and 不 keeps the seat
        turn = await conversation.respond(to: "我想取消讲座报名")
        #expect(turn.reply.contains("确定取消报名"))
        turn = await conversation.respond(to: "不")
        #expect(turn.reply.contains("保留"))
        _ = await conversation.respond(to: "取消报名")
        turn = await conversation.respond(to: "确定")
        #expect(turn.reply.contains("已取消"))
        #expect(try await app.lectures.registrations(parent: "p1", actor: .account(parent)).allSatisfy { $0.0.status == .cancelled })
    }

    @Test func badLinesAreAnsweredAndTheConversationGoesOn() async throws {
        let (_, chat, parent) = try await app()
        let conversation = chat.conversation(as: parent)
        for line in ["", "   ", String(repeating: "啊", count: 10_000), "\u{0}\u{7}\u{1B}[31m", "\u{FFFD}\u{FFFD}", "😀😀😀"] {
            let turn = await conversation.respond(to: line)
            #expect(!turn.reply.isEmpty && !turn.crisis)
        }
        #expect(await conversation.respond(to: "你好").intent == "greeting")
    }
}

/// `xinqiao chat --server URL --as ID`: the client signs in once and every turn carries the token and
/// the conversation id the server gave.
@Suite struct ChatClientTests {
    @Test func signsInThenSendsTheTokenAndTheConversation() async throws {
        let server = try LocalHTTPServer(replies: [
            .json(200, #"{"token":"tok-123","account":{"id":"p1","role":"parent","name":""}}"#),
            .json(200, #"{"text":"考考我","intent":"quiz","crisis":false,"reply":"第 1/20 题","sources":[],"conversation":"c-9"}"#),
            .json(200, #"{"text":"A","intent":"quiz","crisis":false,"reply":"✓","sources":[],"conversation":"c-9"}"#),
        ])
        defer { server.stop() }
        let client = try ChatClient(server: "http://127.0.0.1:\(server.port)")
        try await client.signIn(id: "p1", password: "secret-password")
        let first = try await client.reply(to: "考考我", conversation: "new")
        #expect(first.conversation == "c-9" && first.turn.reply == "第 1/20 题")
        _ = try await client.reply(to: "A", conversation: first.conversation)
        let requests = server.requests
        #expect(requests.map(\.path) == ["/api/v1/sessions", "/api/v1/chat", "/api/v1/chat"])
        #expect(requests[0].headers["authorization"] == nil)
        #expect(requests[1...].allSatisfy { $0.headers["authorization"] == "Bearer tok-123" })
        let second = try #require(try JSONSerialization.jsonObject(with: requests[2].body) as? [String: String])
        #expect(second == ["text": "A", "conversation": "c-9"])
    }

    @Test func aStaffAccountOrAWrongPasswordIsRefused() async throws {
        let server = try LocalHTTPServer(replies: [
            .json(200, #"{"token":"t","account":{"id":"wang","role":"staff","name":""}}"#),
            .json(401, #"{"error":{"code":"unauthorized","message":"wrong id or password"}}"#),
        ])
        defer { server.stop() }
        let client = try ChatClient(server: "http://127.0.0.1:\(server.port)")
        await #expect(throws: ChatClientError.refused(status: 403, message: "'wang' is a staff account; the chat acts as a parent")) {
            try await client.signIn(id: "wang", password: "x")
        }
        await #expect(throws: ChatClientError.refused(status: 401, message: "wrong id or password")) {
            try await client.signIn(id: "p1", password: "bad")
        }
    }
}
