import Campaigns
public import Chat
public import Foundation
import Knowledge
import Learning
import Lectures
public import OutreachCore
import Search
import Store

/// One multi-turn conversation with a parent (or a guest): the quiz taken question by question, a
/// micro-lesson in short chunks, letters read and acknowledged, lectures booked or cancelled with a
/// confirmation — and a crisis check before everything else on every turn, in the middle of any flow.
///
/// The interactive `xinqiao chat`, `chat --server` (through `POST /api/v1/chat` with a conversation
/// id) and the tests all drive this one type, so the conversation is the same everywhere.
public actor ChatConversation {
    public let account: Account?
    let chat: ChatService
    private var flow: Flow = .idle {
        didSet {
            switch flow {
            case .quiz(let quiz): quizState = quiz
            case .lesson(let lesson): lessonState = lesson
            default: break
            }
        }
    }
    /// The quiz and the lesson under way survive a detour to letters or lectures.
    private var quizState: QuizFlow?
    private var lessonState: LessonFlow?
    private var crisis: OpenCrisis?
    /// The last question answered from the library, for follow-ups (还有呢, 那初中生呢).
    private var lastQuestion: String?
    /// Lessons a guest finished in this conversation (a parent's progress is stored).
    private var guestLessonsRead: Set<String> = []
    public private(set) var lastActive: Date

    public init(chat: ChatService, account: Account?) {
        self.chat = chat
        self.account = account
        lastActive = chat.clock.now
    }

    /// What the conversation is in the middle of, for prompts and tests.
    public var mode: String {
        switch flow {
        case .idle: "idle"
        case .quiz(let quiz): quiz.paused ? "quiz_paused" : "quiz"
        case .lesson: "lesson"
        case .letters: "letters"
        case .lectures: "lectures"
        }
    }

    /// Answers one line. Never throws: a failure in one flow is told to the parent and the
    /// conversation goes on.
    public func respond(to text: String) async -> ChatTurn {
        lastActive = chat.clock.now
        let cleaned = ChatService.clean(text)
        if cleaned.isEmpty {
            return turn(text, .help, "请说说您想了解什么，或者输入 /help 看看我能做什么。")
        }
        // 1. Crisis first, on every turn, in every flow.
        if let signal = chat.classifier.crisis.detect(cleaned) {
            return await crisisTurn(text, cleaned, signal)
        }
        if var open = crisis {
            if ChatConversation.isConsent(cleaned), !open.consentGiven {
                open.consentGiven = true
                crisis = open
                await chat.logCrisis(open.category, account: account, text: open.words)
                return turn(text, .crisis, "谢谢您的信任。工作人员会看到您刚才说的话并尽快跟进。\n" + reminder(), crisis: true)
            }
            if ChatConversation.isDismissal(cleaned) {
                open.dismissals += 1
                crisis = open
                if open.dismissals == 1 {
                    return turn(
                        text, .crisis,
                        "好的，听您这么说我放心了一些。接下来几天请多留意孩子的情绪和安全，家里的药品、利器先收好。"
                            + "如果情况有变化，或者您心里还是不踏实，随时可以打这些电话：\(numbers())。我也一直在这里。",
                        crisis: true)
                }
                crisis = nil
                return turn(text, .greeting, "好的。需要的时候随时来找我，求助电话一直有效：\(numbers())。")
            }
        }
        // 2. Slash shortcuts.
        if let shortcut = ChatConversation.shortcut(cleaned) {
            return withCrisisReminder(await start(shortcut, text: text, cleaned: cleaned))
        }
        // 3. The flow in progress gets the first look at the line.
        if let answered = await continueFlow(text, cleaned) {
            return withCrisisReminder(answered)
        }
        // 4. A fresh intent.
        let intent = chat.classifier.classify(cleaned).intent
        return withCrisisReminder(await start(intent, text: text, cleaned: cleaned))
    }

    // MARK: - Crisis

    private struct OpenCrisis {
        var category: String
        var words: String
        var dismissals = 0
        var consentGiven = false
        /// Replies after the crisis that still start with the help line.
        var remindersLeft = 5
    }

    private func crisisTurn(_ text: String, _ cleaned: String, _ signal: CrisisSignal) async -> ChatTurn {
        var reply = ChatReplies.crisis(signal, hotlines: chat.hotlines(for: account))
        let sources = await chat.possibleCrisisAnswer(signal, cleaned, into: &reply)
        if case .quiz(var quiz) = flow, !quiz.paused {
            quiz.paused = true
            flow = .quiz(quiz)
            reply += "\n测验先停一停，孩子的安全最要紧。等您方便的时候，说“继续测验”再接着做。"
        } else if case .lesson = flow {
            reply += "\n微课先放一放。等您方便的时候，说“继续”再接着看。"
        }
        let consentAsked = crisis?.consentGiven == true
        crisis = OpenCrisis(category: signal.category, words: String(cleaned.prefix(500)), consentGiven: consentAsked)
        await chat.logCrisis(signal.category, account: account, text: nil)
        if !consentAsked {
            reply += "\n（这次求助已记下，方便工作人员跟进，但不会记录您的原话。如果您愿意让工作人员看到刚才这段话，请回复“同意”。）"
        }
        return ChatTurn(text: text, intent: Intent.crisis.rawValue, crisis: true, reply: reply, sources: sources)
    }

    /// While a crisis is open, every other reply starts with one line of help.
    private func withCrisisReminder(_ turn: ChatTurn) -> ChatTurn {
        guard var open = crisis, !turn.crisis, open.remindersLeft > 0 else { return turn }
        open.remindersLeft -= 1
        crisis = open
        let lines = chat.hotlines(for: account)
        let counselling = lines.filter { !$0.emergency }.map(\.number).joined(separator: " / ")
        let emergency = lines.filter(\.emergency).map(\.number).joined(separator: " / ")
        var shown = turn
        shown.reply = "（需要帮助请拨 \(counselling)；紧急情况拨 \(emergency)）\n" + turn.reply
        return shown
    }

    private func reminder() -> String { "需要时请随时拨打：\(numbers())。" }

    private func numbers() -> String {
        chat.hotlines(for: account).map { "\($0.number)（\($0.name)）" }.joined(separator: "、")
    }

    /// A short reply without its punctuation and spaces (好的。 → 好的), for matching fixed words.
    static func bare(_ text: String) -> String { text.trimmingCharacters(in: .punctuationCharacters.union(.whitespaces)) }

    static func isDismissal(_ text: String) -> Bool {
        let trimmed = bare(text)
        return ["没事", "没事了", "好了", "算了", "不用了", "没关系", "开玩笑", "开玩笑的", "没什么", "已经好了", "放心吧"].contains {
            trimmed.hasPrefix($0)
        }
    }

    static func isConsent(_ text: String) -> Bool {
        let trimmed = bare(text)
        return ["同意", "我同意", "可以", "愿意", "我愿意"].contains(trimmed)
    }

    // MARK: - Starting an intent

    static func shortcut(_ text: String) -> Intent? {
        switch text.lowercased() {
        case "/quiz": .quiz
        case "/lesson", "/learn": .lesson
        case "/letters": .letters
        case "/lectures": .lectures
        case "/help", "/?": .help
        case "/progress": .progress
        default: nil
        }
    }

    private func start(_ intent: Intent, text: String, cleaned: String) async -> ChatTurn {
        do {
            switch intent {
            case .quiz: return try await startQuiz(text, cleaned)
            case .lesson: return try await startLesson(text, resume: true)
            case .letters: return try await startLetters(text, cleaned)
            case .lectures: return try await startLectures(text, cleaned)
            case .ask: return try await ask(text, cleaned)
            case .help: return turn(text, .help, ChatReplies.help + flowHint())
            case .greeting: return turn(text, .greeting, ChatReplies.greeting)
            case .outOfScope: return turn(text, .outOfScope, ChatReplies.outOfScope)
            case .progress: return try await chat.reply(to: cleaned, as: account).with(text: text)
            case .crisis: return turn(text, .help, ChatReplies.help)
            }
        } catch {
            return turn(text, intent, "抱歉，这一步没有办成：\(ChatConversation.describe(error))。可以换个说法，或者稍后再试。")
        }
    }

    private func flowHint() -> String {
        if let quiz = quizState { return "\n（您的测验做到第 \(quiz.index + 1) 题，说“继续测验”接着做。）" }
        if let lesson = lessonState { return "\n（《\(lesson.lesson.title)》还没看完，说“继续”接着看。）" }
        return ""
    }

    private func ask(_ text: String, _ cleaned: String) async throws -> ChatTurn {
        var query = cleaned
        if let previous = lastQuestion, ChatConversation.isFollowUp(cleaned) { query = previous + " " + cleaned }
        guard let hit = try await chat.bestPassage(for: query) else {
            return turn(text, .ask, ChatReplies.notFound)
        }
        lastQuestion = query.count > 60 ? cleaned : query
        return ChatTurn(
            text: text, intent: Intent.ask.rawValue, crisis: false,
            reply: ChatReplies.answer(title: hit.title, excerpt: ChatService.plainExcerpt(hit.snippet)),
            sources: [.init(id: hit.id, title: hit.title)])
    }

    /// A short line that leans on the last topic: 还有呢, 那初中的呢, 具体怎么做.
    static func isFollowUp(_ text: String) -> Bool {
        guard text.count <= 12 else { return false }
        return text.hasPrefix("那") || text.hasSuffix("呢") || text.hasSuffix("呢？") || text.hasSuffix("呢?")
            || ["还有", "具体", "详细", "然后", "多说"].contains { text.hasPrefix($0) }
    }

    // MARK: - Flows in progress

    private enum Flow {
        case idle
        case quiz(QuizFlow)
        case lesson(LessonFlow)
        case letters(LettersFlow)
        case lectures(LecturesFlow)
    }

    /// Offers the line to the flow in progress; nil when the flow does not take it.
    private func continueFlow(_ text: String, _ cleaned: String) async -> ChatTurn? {
        do {
            switch flow {
            case .idle: return nil
            case .quiz(let quiz): return try await continueQuiz(quiz, text, cleaned)
            case .lesson(let lesson): return try await continueLesson(lesson, text, cleaned)
            case .letters(let letters): return try await continueLetters(letters, text, cleaned)
            case .lectures(let lectures): return try await continueLectures(lectures, text, cleaned)
            }
        } catch {
            flow = .idle
            return turn(text, .help, "抱歉，这一步没有办成：\(ChatConversation.describe(error))。可以输入 /help 看看还能做什么。")
        }
    }

    static func isStop(_ text: String) -> Bool {
        let trimmed = bare(text)
        return ["退出", "不做了", "不学了", "结束", "停", "停止", "算了", "不看了", "先不了", "下次再说", "取消吧", "退出测验", "结束测验"].contains(trimmed)
    }

    static func isResume(_ text: String) -> Bool {
        let trimmed = bare(text)
        return ["继续", "继续测验", "接着做", "接着来", "继续做", "下一段", "下一页", "接着看", "继续学", "继续看", "往下", "嗯", "好", "好的", "next"]
            .contains(trimmed.lowercased())
    }

    static func isYes(_ text: String) -> Bool {
        let trimmed = bare(text)
        return ["是", "是的", "对", "好", "好的", "确认", "确定", "可以", "嗯", "行", "要", "报名", "y", "yes", "ok"].contains(trimmed.lowercased())
    }

    static func isNo(_ text: String) -> Bool {
        let trimmed = bare(text)
        return ["不", "不是", "否", "不要", "不用", "不用了", "算了", "取消", "n", "no", "不了"].contains(trimmed.lowercased())
    }

    // MARK: Quiz

    private struct QuizFlow {
        var quiz: Quiz
        var questions: [Question]
        var attempt: String?
        var index = 0
        var answers: [Question.ID: Set<String>] = [:]
        var paused = false
    }

    private func startQuiz(_ text: String, _ cleaned: String) async throws -> ChatTurn {
        if var quiz = quizState {
            quiz.paused = false
            flow = .quiz(quiz)
            return turn(text, .quiz, "好的，接着做。\n" + ChatConversation.ask(quiz))
        }
        let id = chat.chatQuiz
        var flowState: QuizFlow
        if let account {
            let (attempt, questions) = try await chat.learning.startAttempt(quiz: id, actor: .account(account))
            let quiz = try await chat.learning.quiz(id: id).quiz
            flowState = QuizFlow(quiz: quiz, questions: questions, attempt: attempt.id.rawValue)
        } else {
            let (quiz, pool) = try await chat.learning.quiz(id: id)
            let seed = UInt64.random(in: 1...UInt64.max)
            let byID = Dictionary(pool.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let questions = QuizDraw.questions(for: quiz, bank: pool, seed: seed).compactMap { byID[$0] }.map { question in
                var shown = question
                shown.options = QuizDraw.options(of: question, seed: seed)
                return shown
            }
            flowState = QuizFlow(quiz: quiz, questions: questions)
        }
        guard !flowState.questions.isEmpty else { return turn(text, .quiz, "这份测验暂时没有题目。") }
        flow = .quiz(flowState)
        let guestNote = account == nil ? "（您以访客身份答题，成绩不会保存。）" : ""
        return turn(
            text, .quiz,
            "好的，我们来做《\(flowState.quiz.title)》，共 \(flowState.questions.count) 题。\(guestNote)"
                + "每题回复字母、序号或选项内容都可以；说“退出测验”随时停下。\n" + ChatConversation.ask(flowState))
    }

    private static func ask(_ quiz: QuizFlow) -> String {
        let question = quiz.questions[quiz.index]
        var lines = ["第 \(quiz.index + 1)/\(quiz.questions.count) 题\(question.kind == .multiple ? "（多选）" : "")：\(question.stem)"]
        for (number, option) in question.options.enumerated() { lines.append("\(AnswerParser.label(number)). \(option.text)") }
        return lines.joined(separator: "\n")
    }

    private func continueQuiz(_ state: QuizFlow, _ text: String, _ cleaned: String) async throws -> ChatTurn? {
        var quiz = state
        if ChatConversation.isStop(cleaned) {
            flow = .idle
            return turn(text, .quiz, "好的，测验先停在这里。想接着做的时候说“继续测验”或输入 /quiz。")
        }
        if quiz.paused {
            if ChatConversation.isResume(cleaned) || cleaned.contains("继续测验") {
                quiz.paused = false
                flow = .quiz(quiz)
                return turn(text, .quiz, "好的，接着做。\n" + ChatConversation.ask(quiz))
            }
            let question = quiz.questions[quiz.index]
            if AnswerParser.parse(cleaned, options: question.options, multiple: question.kind == .multiple) != nil {
                return turn(text, .quiz, "测验暂停着。您和孩子都安全了吗？准备好了就说“继续测验”，我们接着做第 \(quiz.index + 1) 题。")
            }
            return nil
        }
        let question = quiz.questions[quiz.index]
        guard let chosen = AnswerParser.parse(cleaned, options: question.options, multiple: question.kind == .multiple) else {
            // Not an answer: a question or another request is answered, and the quiz waits.
            let intent = chat.classifier.classify(cleaned).intent
            if [.ask, .letters, .lectures, .progress, .lesson, .help].contains(intent), cleaned.count > 2 {
                var other = await start(intent, text: text, cleaned: cleaned)
                if case .quiz = flow { other.reply += "\n（测验还停在第 \(quiz.index + 1) 题，回复选项就能接着做。）" }
                return other
            }
            let labels = question.options.indices.map(AnswerParser.label).joined(separator: "、")
            return turn(text, .quiz, "没看懂您选的是哪一项。请回复 \(labels) 中的\(question.kind == .multiple ? "一个或几个（如 AC）" : "一个")，或者说“退出测验”。")
        }
        var correct = question.isCorrect(Set(chosen))
        var explanation = question.explanation
        if let attempt = quiz.attempt, let account {
            let feedback = try await chat.learning.answer(attempt: attempt, question: question.id.rawValue, options: chosen, actor: .account(account))
            correct = feedback.correct
            explanation = feedback.explanation
        }
        quiz.answers[question.id] = Set(chosen)
        let rightLabels = question.options.enumerated().filter { question.answer.contains($0.element.id) }.map { AnswerParser.label($0.offset) }
        var reply = correct ? "✓ 答对了！" : "✗ 这题正确答案是 \(rightLabels.joined())。"
        reply += explanation
        quiz.index += 1
        if quiz.index < quiz.questions.count {
            flow = .quiz(quiz)
            return turn(text, .quiz, reply + "\n\n" + ChatConversation.ask(quiz))
        }
        flow = .idle
        quizState = nil
        let score: Score
        let aware: Bool
        if let attempt = quiz.attempt, let account {
            let result = try await chat.learning.submit(attempt: attempt, actor: .account(account))
            score = result.score
            aware = result.aware
        } else {
            score = Scoring.score(quiz.questions, answers: quiz.answers)
            aware = score.isAware(passMark: quiz.quiz.passMark)
        }
        reply += "\n\n测验完成：答对 \(score.correct)/\(score.total) 题，得分 \(Int(score.percent.rounded())) 分（\(quiz.quiz.passMark) 分及格）。"
        reply += aware
            ? "您已经掌握了这些核心知识（知晓）。谢谢您！"
            : "还有几个知识点值得再看看，暂时还不算知晓。可以输入 /lesson 学一节微课，再来测一次。"
        return turn(text, .quiz, reply)
    }

    // MARK: Lesson

    private struct LessonFlow {
        var lesson: Lesson
        var chunks: [String]
        var index = 0
    }

    private func startLesson(_ text: String, resume: Bool) async throws -> ChatTurn {
        if resume, let lesson = lessonState { return try await showChunk(lesson, text) }
        guard let lesson = try await nextLesson() else {
            return turn(text, .lesson, "家长学校的微课您都学完了，了不起！可以说“考考我”检验一下。")
        }
        let chunks = ChatConversation.chunks(of: lesson.body)
        var header = "微课《\(lesson.title)》，约 \(lesson.minutes) 分钟。说“继续”往下看，说“不看了”随时停下。\n"
        if !lesson.keyPoints.isEmpty { header += "这节课的要点：" + lesson.keyPoints.prefix(3).joined(separator: "；") + "。\n" }
        let state = LessonFlow(lesson: lesson, chunks: chunks.isEmpty ? [lesson.title] : chunks)
        var shown = try await showChunk(state, text)
        shown.reply = header + "\n" + shown.reply
        return shown
    }

    private func nextLesson() async throws -> Lesson? {
        var read: [String: Set<String>] = [:]
        var started: Set<String> = []
        if let account {
            read = try await chat.database.readLessons(account: account.id)
            started = Set(try await chat.database.enrolments(account: account.id)).union(read.keys)
        }
        let courses = try await chat.learning.courses().sorted { lhs, rhs in
            let left = started.contains(lhs.id.rawValue)
            let right = started.contains(rhs.id.rawValue)
            return left != right ? left : lhs.id.rawValue < rhs.id.rawValue
        }
        for course in courses {
            for lesson in try await chat.learning.lessons(course: course.id) {
                let done = read[course.id.rawValue]?.contains(lesson.id.rawValue) == true || guestLessonsRead.contains(lesson.id.rawValue)
                if !done { return lesson }
            }
        }
        return nil
    }

    private func showChunk(_ state: LessonFlow, _ text: String) async throws -> ChatTurn {
        var lesson = state
        let part = lesson.chunks[lesson.index]
        lesson.index += 1
        if lesson.index < lesson.chunks.count {
            flow = .lesson(lesson)
            return turn(text, .lesson, part + "\n（\(lesson.index)/\(lesson.chunks.count)，说“继续”往下看）")
        }
        flow = .idle
        lessonState = nil
        var reply = part + "\n\n这节微课学完了！"
        if let account {
            let result = try await chat.learning.markRead(lesson: lesson.lesson.id.rawValue, actor: .account(account))
            reply += "本课程已学 \(result.read)/\(result.total) 节。"
            if let certificate = result.certificate { reply += "恭喜完成全部课程，结业证书编号 \(certificate.code)。" }
        } else {
            guestLessonsRead.insert(lesson.lesson.id.rawValue)
            reply += "（访客的进度只保存在这次对话里。）"
        }
        reply += "说“继续”学下一节，或者说“考考我”做个小测。"
        return ChatTurn(
            text: text, intent: Intent.lesson.rawValue, crisis: false, reply: reply,
            sources: [.init(id: lesson.lesson.id.rawValue, title: lesson.lesson.title)])
    }

    private func continueLesson(_ state: LessonFlow, _ text: String, _ cleaned: String) async throws -> ChatTurn? {
        if ChatConversation.isStop(cleaned) {
            return turn(text, .lesson, "好的，先看到这里。下次说“继续”或输入 /lesson 会从这里接着看。")
        }
        if ChatConversation.isResume(cleaned) { return try await showChunk(state, text) }
        return nil
    }

    /// A lesson's Markdown as plain paragraphs, packed into chunks of about 180 characters.
    static func chunks(of markdown: String, size: Int = 180) -> [String] {
        let paragraphs = markdown.components(separatedBy: "\n").map { line in
            var plain = line.replacingOccurrences(of: "**", with: "").trimmingCharacters(in: .whitespaces)
            while plain.hasPrefix("#") { plain.removeFirst() }
            if plain.hasPrefix("- ") || plain.hasPrefix("* ") { plain = "· " + plain.dropFirst(2) }
            return plain.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
        var chunks: [String] = []
        var current = ""
        for paragraph in paragraphs {
            if !current.isEmpty, current.count + paragraph.count > size {
                chunks.append(current)
                current = ""
            }
            current += current.isEmpty ? paragraph : "\n" + paragraph
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks
    }

    // MARK: Letters

    private struct LettersFlow {
        var letters: [InboxLetter]
        /// The letter just read, waiting for its 回执.
        var open: InboxLetter?
    }

    private func requireAccount(_ text: String, _ intent: Intent, what: String) -> ChatTurn? {
        guard account == nil else { return nil }
        return turn(text, intent, "\(what)需要先登录家长账号：请用 xinqiao chat --as 您的账号 打开对话（或在网页上登录）。")
    }

    private func startLetters(_ text: String, _ cleaned: String) async throws -> ChatTurn {
        if let refusal = requireAccount(text, .letters, what: "查看学校的家长信") { return refusal }
        let letters = try await chat.campaigns.inbox(actor: .account(account!)).filter { $0.kind == "letter" }
            .sorted { ($0.readAt == nil ? 0 : 1, $1.deliveredAt) < ($1.readAt == nil ? 0 : 1, $0.deliveredAt) }
        guard !letters.isEmpty else {
            flow = .idle
            return turn(text, .letters, "您还没有收到家长信。学校发信后，我会在这里告诉您。")
        }
        let state = LettersFlow(letters: Array(letters.prefix(9)))
        flow = .letters(state)
        if let number = Ordinal.number(in: cleaned), state.letters.indices.contains(number - 1) {
            return try await read(state, number - 1, text)
        }
        let unread = letters.filter { $0.readAt == nil }.count
        var lines = ["您有 \(letters.count) 封家长信，\(unread) 封未读："]
        for (index, letter) in state.letters.enumerated() { lines.append("\(index + 1). 《\(letter.title)》\(ChatConversation.status(letter))") }
        lines.append("回复序号阅读，比如“1”。")
        return turn(text, .letters, lines.joined(separator: "\n"))
    }

    static func status(_ letter: InboxLetter) -> String {
        var parts = [letter.readAt == nil ? "未读" : "已读"]
        if letter.ackRequired { parts.append(letter.ackAt == nil ? "待回执" : "已回执") }
        return "（" + parts.joined(separator: "，") + "）"
    }

    private func read(_ state: LettersFlow, _ index: Int, _ text: String) async throws -> ChatTurn {
        var letters = state
        let (letter, body, receipt) = try await chat.campaigns.read(Campaign.ID(letters.letters[index].campaign), actor: .account(account!))
        letters.letters[index] = letter
        var reply = "《\(letter.title)》\n" + ChatConversation.plain(body)
        if letter.ackRequired && letter.ackAt == nil {
            letters.open = letter
            reply += "\n\n这封信需要回执" + (receipt.map { "：\($0)" } ?? "。") + "\n回复“确认”提交回执，也可以在后面附一句话，如“确认 孩子已知晓”。"
        } else {
            letters.open = nil
            reply += letter.ackAt != nil ? "\n\n（这封信您已经回执过了。）" : ""
        }
        flow = .letters(letters)
        return ChatTurn(
            text: text, intent: Intent.letters.rawValue, crisis: false, reply: reply, sources: [.init(id: letter.campaign, title: letter.title)])
    }

    private func continueLetters(_ state: LettersFlow, _ text: String, _ cleaned: String) async throws -> ChatTurn? {
        var letters = state
        if let open = letters.open, let message = ChatConversation.acknowledgement(cleaned) {
            let done = try await chat.campaigns.acknowledge(Campaign.ID(open.campaign), message: message, actor: .account(account!))
            letters.open = nil
            if let index = letters.letters.firstIndex(where: { $0.campaign == done.campaign }) { letters.letters[index] = done }
            flow = .letters(letters)
            let left = letters.letters.filter { $0.readAt == nil }.count
            return turn(text, .letters, "回执已提交，谢谢您！" + (left > 0 ? "还有 \(left) 封未读，回复序号接着看。" : "家长信都看完了。"))
        }
        if ChatConversation.isStop(cleaned) {
            flow = .idle
            return turn(text, .letters, "好的。想再看家长信时输入 /letters。")
        }
        let trimmed = ChatConversation.bare(cleaned)
        let pointsAtOne = trimmed.count <= 8 || cleaned.contains("封") || cleaned.contains("看") || cleaned.contains("读")
        if pointsAtOne, let number = Ordinal.number(in: cleaned), letters.letters.indices.contains(number - 1) {
            return try await read(letters, number - 1, text)
        }
        if let index = letters.letters.firstIndex(where: { cleaned.count >= 4 && $0.title.contains(cleaned) }) {
            return try await read(letters, index, text)
        }
        return nil
    }

    /// The 回执 in a reply: nil when the line is not one; otherwise the optional message after it.
    static func acknowledgement(_ text: String) -> String?? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for word in ["确认回执", "回执", "确认", "收到了", "收到", "已阅", "知道了", "已知晓"] where trimmed.hasPrefix(word) {
            let rest = trimmed.dropFirst(word.count).trimmingCharacters(in: .punctuationCharacters.union(.whitespaces))
            return .some(rest.isEmpty ? nil : rest)
        }
        return nil
    }

    /// A letter's Markdown as plain text.
    static func plain(_ markdown: String) -> String {
        chunks(of: markdown, size: .max).joined(separator: "\n")
    }

    // MARK: Lectures

    private struct LecturesFlow {
        enum Action { case register, cancel }
        var action: Action
        var choices: [Lecture]
        /// The lecture chosen, waiting for 是 / 不.
        var pending: Lecture?
    }

    private func startLectures(_ text: String, _ cleaned: String) async throws -> ChatTurn {
        let wantsCancel = cleaned.contains("取消") || cleaned.contains("不去") || cleaned.contains("退掉")
        if wantsCancel {
            if let refusal = requireAccount(text, .lectures, what: "取消报名") { return refusal }
            let mine = try await chat.lectures.registrations(parent: account!.id.rawValue, actor: .account(account!))
                .filter { $0.0.status != .cancelled && $0.1.start > chat.clock.now }.map(\.1)
            guard !mine.isEmpty else {
                flow = .idle
                return turn(text, .lectures, "您目前没有报名即将开始的讲座。")
            }
            let state = LecturesFlow(action: .cancel, choices: mine)
            if mine.count == 1 || Ordinal.number(in: cleaned).map({ mine.indices.contains($0 - 1) }) == true {
                let chosen = mine.count == 1 ? mine[0] : mine[Ordinal.number(in: cleaned)! - 1]
                return try await confirm(state, chosen, text)
            }
            flow = .lectures(state)
            return turn(text, .lectures, try await listing(mine, heading: "您报名了这些讲座：") + "\n想取消哪一场？回复序号。")
        }
        let day = BeijingTime.day(chat.clock.now)
        let upcoming = try await chat.lectures.list(region: account?.region, from: day, to: nil)
            .filter { $0.lecture.start > chat.clock.now }.prefix(6).map(\.lecture)
        guard !upcoming.isEmpty else {
            flow = .idle
            return turn(text, .lectures, "近期\(account?.region.map { "在\($0)" } ?? "")还没有安排讲座。学校或社区发布后，可以再来问我。")
        }
        let state = LecturesFlow(action: .register, choices: Array(upcoming))
        if cleaned.contains("报名"), let number = Ordinal.number(in: cleaned), upcoming.indices.contains(number - 1) {
            if let refusal = requireAccount(text, .lectures, what: "报名讲座") { return refusal }
            return try await confirm(state, upcoming[number - 1], text)
        }
        flow = .lectures(state)
        var reply = try await listing(Array(upcoming), heading: "近期的家庭教育讲座：")
        reply += account == nil ? "\n登录家长账号后可以在这里报名。" : "\n想报名哪一场？回复序号，比如“报名第1场”。"
        return turn(text, .lectures, reply)
    }

    private func listing(_ lectures: [Lecture], heading: String) async throws -> String {
        let venues = Dictionary(try await chat.lectures.venues().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var lines = [heading]
        for (index, lecture) in lectures.enumerated() {
            let place = venues[lecture.venue].map { "，\($0.name)" } ?? ""
            lines.append("\(index + 1). 《\(lecture.title)》\(BeijingTime.text(lecture.start))\(place)")
        }
        return lines.joined(separator: "\n")
    }

    private func confirm(_ state: LecturesFlow, _ lecture: Lecture, _ text: String) async throws -> ChatTurn {
        var lectures = state
        lectures.pending = lecture
        flow = .lectures(lectures)
        let verb = state.action == .register ? "报名" : "取消报名"
        return turn(text, .lectures, "确定\(verb)《\(lecture.title)》（\(BeijingTime.text(lecture.start))）吗？回复“是”确认，回复“不”就不\(verb)了。")
    }

    private func continueLectures(_ state: LecturesFlow, _ text: String, _ cleaned: String) async throws -> ChatTurn? {
        var lectures = state
        if let pending = lectures.pending {
            if ChatConversation.isYes(cleaned) {
                flow = .idle
                switch lectures.action {
                case .register:
                    let seat = try await chat.lectures.register(pending.id, parent: account!.id.rawValue, actor: .account(account!))
                    if seat.status == .waitlisted {
                        return turn(text, .lectures, "《\(pending.title)》名额已满，您在候补第 \(seat.position) 位；有人取消时会自动递补并通知您。")
                    }
                    return turn(
                        text, .lectures,
                        "报名成功！《\(pending.title)》\(BeijingTime.text(pending.start))。签到码：\(seat.code)，请到场时出示。前一天会提醒您。")
                case .cancel:
                    _ = try await chat.lectures.cancel(pending.id, parent: account!.id.rawValue, actor: .account(account!))
                    return turn(text, .lectures, "已取消《\(pending.title)》的报名。想报名别的讲座，输入 /lectures。")
                }
            }
            if ChatConversation.isNo(cleaned) {
                flow = .idle
                return turn(text, .lectures, lectures.action == .register ? "好的，没有报名。" : "好的，报名保留着。")
            }
        }
        if ChatConversation.isStop(cleaned) {
            flow = .idle
            return turn(text, .lectures, "好的。想看讲座时输入 /lectures。")
        }
        let trimmed = ChatConversation.bare(cleaned)
        if trimmed.count <= 8 || cleaned.contains("场") || cleaned.contains("报名"), let number = Ordinal.number(in: cleaned),
            lectures.choices.indices.contains(number - 1)
        {
            if lectures.action == .register, let refusal = requireAccount(text, .lectures, what: "报名讲座") { return refusal }
            return try await confirm(lectures, lectures.choices[number - 1], text)
        }
        if lectures.pending != nil {
            return turn(text, .lectures, "请回复“是”确认，或回复“不”放弃。")
        }
        return nil
    }

    // MARK: - Helpers

    private func turn(_ text: String, _ intent: Intent, _ reply: String, crisis: Bool = false) -> ChatTurn {
        ChatTurn(text: text, intent: intent.rawValue, crisis: crisis, reply: reply, sources: [])
    }

    static func describe(_ error: any Error) -> String {
        String(describing: error)
    }
}

extension ChatTurn {
    fileprivate func with(text: String) -> ChatTurn {
        var copy = self
        copy.text = text
        return copy
    }
}

/// "1", "第2封", "第三场", "报名二" → the number a parent picked (1 to 99).
enum Ordinal {
    static func number(in text: String) -> Int? {
        let digits = text.precomposedStringWithCompatibilityMapping
        var run = ""
        for character in digits {
            if character.isASCII, let value = character.wholeNumberValue {
                run.append(Character(String(value)))
            } else if !run.isEmpty {
                break
            }
        }
        if let value = Int(run), (1...99).contains(value) { return value }
        let numerals: [Character: Int] = ["一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10]
        if let range = text.range(of: "第"), let next = text[range.upperBound...].first, let value = numerals[next] { return value }
        let trimmed = ChatConversation.bare(text)
        if trimmed.count == 1, let only = trimmed.first, let value = numerals[only] { return value }
        return nil
    }
}
