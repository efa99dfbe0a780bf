import App
import Foundation
import OutreachCore
import Testing
import TestSupport
@testable import xinqiao

/// The interactive loop over an injected console (no subprocess): Ctrl-C, Ctrl-D, /quit, failures.
@Suite struct ChatLoopTests {
    /// A console that plays a script and records what was said.
    final class ScriptedConsole: ChatConsole {
        var script: [ConsoleInput]
        var said: [(String, ConsoleStyle)] = []
        var prompts = 0

        init(_ script: [ConsoleInput]) { self.script = script }

        func read(prompt: String) -> ConsoleInput {
            prompts += 1
            return script.isEmpty ? .end : script.removeFirst()
        }

        func say(_ text: String, style: ConsoleStyle) { said.append((text, style)) }
    }

    struct Down: Error, CustomStringConvertible { var description: String { "server down" } }

    private func echo(_ text: String) async throws -> ChatTurn {
        if text == "down" { throw Down() }
        return ChatTurn(text: text, intent: text == "救命" ? "crisis" : "ask", crisis: text == "救命", reply: "回：\(text)", sources: [])
    }

    @Test func linesAreAnsweredAndCrisisRepliesAreStyledApart() async {
        let console = ScriptedConsole([.line("你好"), .line("   "), .line("救命"), .line("/quit"), .line("never read")])
        await ChatLoop(console: console, respond: echo).run()
        let texts = console.said.map(\.0)
        #expect(texts.first == ChatLoop.welcome && texts.last == ChatLoop.goodbye)
        #expect(texts.contains("回：你好") && !texts.contains("回：   "))
        #expect(console.said.contains { $0.0 == "回：救命" && $0.1 == .crisis })
        #expect(console.script == [.line("never read")])
    }

    @Test func ctrlCDropsTheLineAndTwiceOnAnEmptyLineQuits() async {
        let console = ScriptedConsole([.interrupt, .line("还在吗"), .interrupt, .interrupt, .line("never read")])
        await ChatLoop(console: console, respond: echo).run()
        let texts = console.said.map(\.0)
        #expect(texts.filter { $0.contains("Ctrl-C") }.count == 2)
        #expect(texts.contains("回：还在吗") && texts.last == ChatLoop.goodbye)
        #expect(console.script.count == 1)
    }

    @Test func aRealConversationThroughTheConsole() async throws {
        // Given the bundled library and a parent in 浙江
        let root = Repository.root
        let config = AppConfig(
            contentRoots: [root.appendingPathComponent("Content").path, root.appendingPathComponent("Lessons").path], bcryptCost: 4,
            lexiconDirectory: root.appendingPathComponent("Content/lexicon").path)
        let app = try await App.makeForTesting(config: config)
        _ = try await app.content.importLibrary(roots: config.contentRoots)
        let parent = try await app.accounts.create(.init(id: "p1", role: "parent", region: "浙江"), actor: .localOperator)
        let conversation = try app.chat().conversation(as: parent)
        // When the parent starts the quiz, answers, then writes about a crisis, then answers again
        let console = ScriptedConsole([.line("/quiz"), .line("A"), .line("孩子把自己锁在房间里，说想一了百了"), .line("A"), .interrupt, .line("/quit")])
        await ChatLoop(console: console) { await conversation.respond(to: $0) }.run()
        // Then the crisis reply is styled apart and the quiz waits instead of scoring the answer
        let said = console.said
        let crisisIndex = try #require(said.firstIndex { $0.1 == .crisis })
        #expect(said[crisisIndex].0.contains("96525") && said[crisisIndex].0.contains("测验先停一停"))
        #expect(said[(crisisIndex + 1)...].allSatisfy { !$0.0.contains("答对了") && !$0.0.contains("正确答案") })
        #expect(said[crisisIndex + 1].0.contains("继续测验"))
        #expect(said.last?.0 == ChatLoop.goodbye)
    }

    @Test func ctrlDEndsAndAFailedTurnDoesNotEndTheConversation() async {
        let console = ScriptedConsole([.line("down"), .line("然后呢"), .end, .line("never read")])
        await ChatLoop(console: console, respond: echo).run()
        let texts = console.said.map(\.0)
        #expect(texts.contains { $0.contains("server down") })
        #expect(texts.contains("回：然后呢") && texts.last == ChatLoop.goodbye)
    }
}

/// Column widths, wrapping and the line editor's layout with Chinese text.
@Suite struct TextWidthTests {
    @Test func chineseAndEmojiTakeTwoColumnsAndMarksNone() {
        #expect(TextWidth.columns("孩子") == 4)
        #expect(TextWidth.columns("ab") == 2)
        #expect(TextWidth.columns("，。") == 4)
        #expect(TextWidth.columns("😀") == 2)
        #expect(TextWidth.columns("e\u{301}") == 1)
        #expect(TextWidth.columns("👍🏽") == 2)
        #expect(TextWidth.columns("Ａ１") == 4)
    }

    @Test func wrappingCountsColumnsAndKeepsPunctuationOffTheLineStart() {
        let lines = TextWidth.wrap("孩子最近不爱说话，怎么办？", width: 10)
        #expect(lines.allSatisfy { TextWidth.columns($0) <= 10 })
        #expect(lines.joined() == "孩子最近不爱说话，怎么办？")
        #expect(lines.allSatisfy { !TextWidth.noLineStart.contains($0.first ?? " ") })
        #expect(TextWidth.wrap("孩子五个字", width: 9) == ["孩子五个", "字"])
        #expect(TextWidth.wrap("call 12356 now", width: 8) == ["call", "12356", "now"])
        #expect(TextWidth.wrap("第一行\n第二行", width: 40) == ["第一行", "第二行"])
    }

    @Test func theEditorPutsTheCursorOnTheRightColumnAcrossWrappedRows() {
        // A 10-column terminal, prompt "> " (2 columns): 孩子孩子 fills it exactly
        var state = EditState(prompt: "> ", width: 10)
        for character in "孩子孩子们" { state.insert(character) }
        let layout = state.layout()
        #expect(layout.positions.map(\.column) == [2, 4, 6, 8, 0])
        #expect(layout.positions.map(\.row) == [0, 0, 0, 0, 1])
        #expect(layout.end.row == 1 && layout.end.column == 2)
        // A wide character that would straddle the edge moves down whole
        var odd = EditState(prompt: "> a", width: 10)
        for character in "孩子孩子" { odd.insert(character) }
        #expect(odd.layout().positions.last! == (row: 1, column: 0))
        // Editing in the middle and deleting a word
        state.cursor = 2
        state.insert("的")
        #expect(String(state.buffer) == "孩子的孩子们")
        state.cursor = state.buffer.count
        state.buffer = Array("hello world")
        state.cursor = state.buffer.count
        state.deleteWordBackward()
        #expect(String(state.buffer) == "hello ")
        // The redraw moves back to the cursor's row and column
        var redraw = EditState(prompt: "> ", width: 10)
        for character in "孩子孩子们" { redraw.insert(character) }
        redraw.cursor = 1
        let bytes = String(decoding: redraw.refresh(), as: UTF8.self)
        #expect(bytes.hasSuffix("\u{1B}[1A\r\u{1B}[4C"))
        #expect(redraw.cursorRow == 0)
    }
}
