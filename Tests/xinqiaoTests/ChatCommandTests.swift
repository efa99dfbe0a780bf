import Foundation
import Testing
import TestSupport

/// `xinqiao chat --batch` as a real process over the bundled library.
@Suite(.serialized) struct ChatCommandTests {
    private func importedDatabase() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xq-chat-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let db = directory.appendingPathComponent("x.sqlite").path
        let result = try Executable.run(["import", "--db", db], cwd: Repository.root)
        #expect(result.status == 0, "\(result.stderr)")
        return db
    }

    @Test func batchAnswersEveryLineWithOneJSONLine() throws {
        // Given the bundled library, imported
        let db = try importedDatabase()
        // When a batch with a crisis, a question, a greeting, an empty line, control characters and a
        // 10,000-character line is piped in
        let utterances = [
            "孩子这几天总说活着没意思，我该怎么办", "孩子晚上睡不着觉怎么办", "你好", "", "帮助\u{7}\u{1B}[31m",
            String(repeating: "孩子", count: 5_000), "明天天气怎么样", "这件衣服跳楼价", "考考我",
        ]
        let result = try Executable.run(["chat", "--batch", "--db", db], stdin: utterances.joined(separator: "\n") + "\n", cwd: Repository.root)
        // Then each gets exactly one JSON line, in order, with the documented keys
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        try #require(lines.count == utterances.count, "\(result.stdout)")
        var turns: [[String: Any]] = []
        for (line, text) in zip(lines, utterances) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["text"] as? String == text)
            #expect(object["intent"] is String && object["reply"] is String && object["crisis"] is Bool)
            #expect(object["sources"] is [[String: Any]])
            turns.append(object)
        }
        // A crisis comes first, with the national lines read from hotlines.yaml
        #expect(turns[0]["intent"] as? String == "crisis")
        #expect(turns[0]["crisis"] as? Bool == true)
        let crisisReply = try #require(turns[0]["reply"] as? String)
        for number in ["12356", "12355", "110", "120"] { #expect(crisisReply.contains(number), "\(crisisReply)") }
        #expect(!crisisReply.contains("96525"), "a guest is not told the provincial line of 浙江")
        // A question is answered from the library, its source named
        #expect(turns[1]["intent"] as? String == "ask")
        let sources = try #require(turns[1]["sources"] as? [[String: String]])
        #expect(sources.count == 1 && !(sources.first?["id"] ?? "").isEmpty && !(sources.first?["title"] ?? "").isEmpty)
        #expect(turns[2]["intent"] as? String == "greeting")
        #expect(turns[3]["intent"] as? String == "help")
        #expect(turns[4]["intent"] as? String == "help")
        #expect(turns[6]["intent"] as? String == "out_of_scope")
        #expect(turns[7]["crisis"] as? Bool == false)
        #expect(turns[8]["intent"] as? String == "quiz")
    }

    @Test func batchFlushesEachAnswerBeforeTheNextUtterance() throws {
        // Given a batch process whose input stays open
        let db = try importedDatabase()
        let session = try Executable.Session(["chat", "--batch", "--db", db], cwd: Repository.root)
        // When one utterance is written, then its answer arrives while the input is still open
        session.write(Data("女儿吞了好多药\n".utf8))
        let line = session.readLine()
        #expect(line.hasPrefix(#"{"text":"女儿吞了好多药","intent":"crisis","crisis":true"#), "\(line)")
        #expect(try session.finish().status == 0)
    }

    @Test func invalidUTF8DoesNotStopTheBatch() throws {
        let db = try importedDatabase()
        let session = try Executable.Session(["chat", "--batch", "--db", db], cwd: Repository.root)
        // When a line of invalid UTF-8 comes between two good ones
        session.write(Data([0xFF, 0xFE, 0x0A]) + Data("你好\n".utf8))
        let (status, stdout) = try session.finish()
        // Then both lines are answered
        #expect(status == 0)
        let lines = stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.last?.contains(#""intent":"greeting""#) == true)
    }
}

/// The interactive chat on a pipe (no terminal: no colour, no prompt).
@Suite(.serialized) struct ChatInteractiveTests {
    @Test func aCrisisIsNotDismissedByAFirstAllIsWell() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xq-chati-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let db = directory.appendingPathComponent("x.sqlite").path
        // When a parent reports a crisis, then says all is well, asks for help, and quits
        let script = ["你好", "孩子说想从楼上跳下去", "没事了", "/help", "/quit", "这一行不会被读到"]
        let result = try Executable.run(["chat", "--db", db], stdin: script.joined(separator: "\n") + "\n", cwd: Repository.root)
        // Then the crisis reply has the lines, the 没事了 gets them again, and /quit ends the session
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("\u{1B}["))
        let crisisAt = try #require(result.stdout.range(of: "谢谢您告诉我"))
        let againAt = try #require(result.stdout.range(of: "随时可以打这些电话"))
        #expect(crisisAt.upperBound < againAt.lowerBound)
        #expect(result.stdout[againAt.upperBound...].contains("12356"))
        #expect(result.stdout.contains("考考我"))
    }

    @Test func endOfInputEndsTheSession() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xq-chati-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let result = try Executable.run(["chat", "--db", directory.appendingPathComponent("x.sqlite").path], stdin: "在吗\n", cwd: Repository.root)
        #expect(result.status == 0)
        #expect(result.stdout.contains("心桥家长助手"))
    }
}

/// `xinqiao chat --server URL` when the server is down or failing: a clear message, and the batch goes on.
@Suite(.serialized) struct ChatServerModeTests {
    @Test func aServerThatIsDownIsAClearMessageAndEveryLineIsAnswered() throws {
        // Given no server on the port
        let result = try Executable.run(["chat", "--batch", "--server", "http://127.0.0.1:9"], stdin: "你好\n孩子晚上睡不着\n")
        // Then every line still gets its JSON line, and standard error says what is wrong
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: "\n").count == 2)
        #expect(result.stderr.contains("cannot reach http://127.0.0.1:9/api/v1/chat"), "\(result.stderr)")
    }

    @Test func aFailingServerIsReportedWithItsStatus() throws {
        let server = try LocalHTTPServer(replies: [.status(500)])
        let result = try Executable.run(["chat", "--batch", "--server", "http://127.0.0.1:\(server.port)"], stdin: "你好\n")
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("HTTP 500"), "\(result.stderr)")
        #expect(server.requests.first?.path == "/api/v1/chat")
    }

    @Test func badServerURLsAndAsWithServerAreRefused() throws {
        #expect(try Executable.run(["chat", "--batch", "--server", "ftp://x"], stdin: "").status != 0)
        #expect(try Executable.run(["chat", "--batch", "--server", "http://127.0.0.1:9", "--as", "p1"], stdin: "").status != 0)
    }
}
