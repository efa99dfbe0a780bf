import Chat
import Foundation
import Testing

/// Intent classification: hand-written cases, then accuracy on the dev set.
@Suite struct IntentClassifierTests {
    static let cases: [(String, Intent)] = [
        ("孩子早上不肯起床去上学怎么办", .ask), ("十岁的孩子每天该睡几个小时", .ask), ("女儿总是跟我顶嘴，我该怎么沟通", .ask),
        ("给我出几道题考考我", .quiz), ("我要做知识测验", .quiz),
        ("我想看看关于亲子沟通的微课", .lesson), ("接着上次没学完的课程", .lesson),
        ("有没有新的致家长的一封信", .letters), ("五一放假学校发的通知", .letters),
        ("下周社区有什么讲座", .lectures), ("帮我取消讲座报名", .lectures),
        ("我的测试成绩是多少分", .progress), ("我的证书呢", .progress),
        ("你有什么功能", .help), ("", .help),
        ("您好", .greeting), ("谢谢你，再见", .greeting),
        ("帮我订一张去上海的机票", .outOfScope), ("今天股市怎么样", .outOfScope),
        ("孩子说他不想活了，我想先报个名参加讲座", .crisis),
        ("兒子叛逆期不聽話怎麼辦", .ask), ("宝宝分离焦虑严重 上幼儿园天天哭", .ask), ("来个小测试", .quiz), ("第二节课在哪", .lesson),
        ("端午节放假通知", .letters), ("附近的家长课堂讲座", .lectures), ("还有几节没学", .progress), ("不会用啊", .help),
        ("老师好", .greeting), ("红烧肉怎么做", .outOfScope), ("怎么样", .outOfScope),
        ("孩子上课注意力不集中", .ask), ("孩子不想上课怎么办", .ask), ("孩子学习没动力", .ask), ("孩子测验没考好哭了", .ask),
        ("孩子的学习进度落后了怎么办", .ask), ("有没有关于叛逆期的讲座", .lectures), ("青春期的课有吗", .lesson),
        ("期中考试家长须知", .letters), ("我的答题记录", .progress), ("完成了多少课程", .progress), ("怎么问你问题", .help),
        ("你是AI吗", .help), ("谢啦", .greeting), ("帮我算一下12乘以8", .outOfScope),
        // a greeting in front of a question; thanks that say 帮助; results and standing; quizzes on oneself
        ("你好，孩子最近不爱吃饭怎么办", .ask), ("谢谢，对我很有帮助", .greeting), ("我的测验成绩怎么样", .progress),
        ("我现在算合格了吗", .progress), ("我学到第几节了", .progress), ("考考自己对青春期了解多少", .quiz),
        // a scene of the day, not a session; reminders the parent gives; knowledge and worry; pets, games, gadgets
        ("孩子考试没考好，回家大哭一场", .ask), ("怎么提醒孩子过马路注意安全", .ask), ("自伤和自残有什么区别", .ask),
        ("儿子为了减肥不吃晚饭，我很担心", .ask), ("猫咪一直打喷嚏", .outOfScope), ("狼人杀怎么玩", .outOfScope),
        ("电脑中毒了怎么杀毒", .outOfScope), ("帮我写一封辞职信", .outOfScope),
        // 有没有问题 is no quiz; a pet's death or a game about the child is a question; a form to sign is a letter
        ("孩子多喝了一杯奶有没有问题", .ask), ("孩子的小猫死了，哭了一晚上", .ask), ("学校的安全责任书在哪签", .letters),
        ("刚才那道题为什么错了", .progress), ("有没有医生来讲青春期", .lectures), ("收到", .greeting),
        // Using the chat, a bare 早 and festival wishes, counts of one's own learning, English words, two seats, baby
        // food and petrol, the child's hobby classes and wandering attention, learning systematically, checking oneself
        ("可以用语音说吗", .help), ("怎么退出", .help), ("早", .greeting), ("中秋快乐", .greeting), ("👋", .greeting),
        ("我这个月打卡了几次", .progress), ("我的平均分", .progress), ("letter from the school", .letters),
        ("我和孩子妈都去，报两个", .lectures), ("宝宝辅食怎么搭配", .outOfScope), ("附近哪有加油站", .outOfScope),
        ("孩子学钢琴一练就哭", .ask), ("孩子上网课老是开小差", .ask), ("学校测评说孩子抑郁分数偏高", .ask),
        ("我想系统学一下怎么跟青春期孩子沟通", .lesson), ("想检验一下自己学得怎么样", .quiz),
        // dialect for 怎么办
        ("娃儿不肯写作业，啷个整", .ask), ("伢子天天打机，咋整", .ask),
        // a voice-input tag, what app this is, a guide, leaving for now, reports on one's own learning, a test after a
        // lesson, a pledge signed, mornings and the child's scores as questions, the child's clothes, sums and gadgets
        ("语音输入 周六的讲座在哪个教室", .lectures), ("你们这是啥app", .help), ("有没有操作教程", .help),
        ("我先撤了 改天再问", .greeting), ("我的学习报告呢", .progress), ("我听了多久的课了", .progress),
        ("有没有课后题做一做", .quiz), ("那张安全承诺书签过了吗", .letters), ("闺女天天赖床 喊不起来", .ask),
        ("她的期末分数太低了 怎么帮她", .ask), ("小孩的鞋子买几码", .outOfScope), ("帮我解一下三角形面积这题", .outOfScope),
        ("手机坏了去哪修", .outOfScope),
        // The third blind set's intent errors, in new words: idioms and sums for homework, novels, passports and
        // umbrellas, English trivia; own totals, levels and lists; delight, teasing and a slip by the child; what it can
        // help with; what a family can do at home.
        ("“画蛇添足”用来造句怎么写", .outOfScope), ("三年级乘法竖式怎么列", .outOfScope), ("有啥好看的侦探小说", .outOfScope),
        ("办驾照要多久", .outOfScope), ("明天出门需要带伞吗", .outOfScope), ("what is the biggest country", .outOfScope),
        ("我一共学了几节了", .progress), ("我现在几级了", .progress), ("那些课我还有哪些没学", .progress),
        ("把我学过的课都列出来", .progress), ("真好用 爱了爱了", .greeting), ("你真笨 哈哈", .greeting), ("不好意思 刚是小孩乱按的", .greeting),
        ("碰到孩子的问题你能帮什么", .help), ("孩子有抽动症 在家能做点啥", .ask),
    ]

    @Test(arguments: cases) func classifies(_ example: (String, Intent)) {
        let result = BundledRules.classifier.classify(example.0)
        #expect(result.intent == example.1, "\(example.0) → \(result.intent.rawValue) \(result.scores)")
    }

    @Test(.enabled(if: BundledRules.devSet != nil)) func devSetAccuracy() throws {
        // Given the labelled dev utterances
        let dev = try #require(BundledRules.devSet)
        var correct = 0
        var confusion: [String: Int] = [:]
        for (text, intent) in dev {
            let result = BundledRules.classifier.classify(text)
            if result.intent.rawValue == intent {
                correct += 1
            } else {
                confusion["\(intent) → \(result.intent.rawValue)", default: 0] += 1
                print("  \(intent) → \(result.intent.rawValue): \(text) \(result.scores)")
            }
        }
        let accuracy = Double(correct) / Double(dev.count)
        print("intent dev accuracy \(correct)/\(dev.count) = \(accuracy); confusion \(confusion.sorted { $0.key < $1.key })")
        // Then accuracy stays at or above the floor reached when the rules were written
        #expect(accuracy >= 0.9)
    }
}

/// Reply time is measured by `xinqiao bench chat` (BENCHMARKS.md), not here: a timed test fails on a
/// loaded machine. What a test can hold is that the longest input is still read to its end.
@Suite struct LongInputTests {
    @Test func aLongPasteIsReadToTheEnd() {
        // Given a 2,000-character paste (the most the service reads) with the crisis at its end
        let long = BundledRules.classifier.classify(String(repeating: "孩子作业多得要命怎么办", count: 180) + "他说不想活了")
        // Then the crisis is found, and the hyperbole before it alone is not one
        #expect(long.intent == .crisis)
        #expect(BundledRules.classifier.classify(String(repeating: "孩子作业多得要命怎么办", count: 180)).intent != .crisis)
    }
}
