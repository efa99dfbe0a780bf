import App
import Foundation

/// How a line of the conversation is shown.
enum ConsoleStyle {
    /// The assistant's reply.
    case reply
    /// Crisis help: shown in bold red on a colour terminal.
    case crisis
    /// Where an answer came from, and other quiet notes.
    case note
}

/// Where the conversation reads and writes: the terminal, or a script in tests.
protocol ChatConsole: AnyObject {
    func read(prompt: String) -> ConsoleInput
    func say(_ text: String, style: ConsoleStyle)
}

/// The real terminal: line editing when standard input is a terminal, plain lines otherwise;
/// replies wrapped to the terminal's width (Chinese characters count two columns) and coloured
/// only when standard output is a terminal.
final class TerminalConsole: ChatConsole {
    private let editor: LineEditor?
    private let colour: Bool

    init() {
        editor = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 ? LineEditor() : nil
        colour = Terminal.stdoutIsTTY && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    func read(prompt: String) -> ConsoleInput {
        if let editor { return editor.readLine(prompt: prompt) }
        // Not a terminal: no prompt, invalid UTF-8 repaired by readLine.
        guard let line = Swift.readLine(strippingNewline: true) else { return .end }
        return .line(line)
    }

    func say(_ text: String, style: ConsoleStyle) {
        var lines = [text]
        if Terminal.stdoutIsTTY {
            lines = TextWidth.wrap(text, width: Terminal.columns())
        }
        var out = ""
        for line in lines {
            switch (colour, style) {
            case (true, .reply): out += "\u{1B}[36m\(line)\u{1B}[0m\n"
            case (true, .crisis): out += "\u{1B}[1;31m\(line)\u{1B}[0m\n"
            case (true, .note): out += "\u{1B}[2m\(line)\u{1B}[0m\n"
            case (false, _): out += line + "\n"
            }
        }
        Array(out.utf8).withUnsafeBufferPointer { Terminal.writeAll(STDOUT_FILENO, $0) }
    }
}

/// The interactive conversation loop over any console and any way of answering a line (the local
/// conversation or a server). Ctrl-C drops the line being typed (twice on an empty line quits),
/// Ctrl-D or /quit ends; a failed turn is told and the conversation goes on.
struct ChatLoop {
    let console: any ChatConsole
    let respond: (String) async throws -> ChatTurn

    static let welcome = "心桥家长助手：您好！孩子心理健康方面的问题都可以问我。输入 /help 看看我能做什么，/quiz 做知识小测，/lesson 学微课，/letters 看家长信，/lectures 看讲座，/quit 退出。"
    static let goodbye = "再见，祝您和孩子一切都好。需要时随时回来找我。"

    func run() async {
        console.say(Self.welcome, style: .reply)
        var interrupted = false
        while true {
            switch console.read(prompt: "您：") {
            case .end:
                console.say(Self.goodbye, style: .reply)
                return
            case .interrupt:
                if interrupted {
                    console.say(Self.goodbye, style: .reply)
                    return
                }
                interrupted = true
                console.say("（再按一次 Ctrl-C 或输入 /quit 退出）", style: .note)
            case .line(let line):
                interrupted = false
                let text = line.trimmingCharacters(in: .whitespaces)
                if text.isEmpty { continue }
                if ["/quit", "/exit", "/q", "退出对话"].contains(text.lowercased()) {
                    console.say(Self.goodbye, style: .reply)
                    return
                }
                do {
                    let turn = try await respond(line)
                    console.say(turn.reply, style: turn.crisis ? .crisis : .reply)
                    for source in turn.sources where turn.intent == "ask" {
                        console.say("（来源：\(source.title) [\(source.id)]）", style: .note)
                    }
                } catch {
                    console.say("出了点问题：\(error)。请稍后再试，对话还在继续。", style: .note)
                }
            }
        }
    }
}
