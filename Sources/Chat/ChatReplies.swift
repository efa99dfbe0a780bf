public import Foundation
public import Knowledge

/// The fixed wording of single-turn replies. Hotline numbers come from `Content/hotlines.yaml`
/// (passed in), never from this file; advice comes only from the library (search hits).
public enum ChatReplies {
    /// The crisis reply: calm words, concrete steps, then the lines for the parent's region. The caller
    /// puts it first, before anything else the parent asked for.
    public static func crisis(_ signal: CrisisSignal, hotlines: [Hotline]) -> String {
        let counselling = hotlines.filter { !$0.emergency }
        let emergency = hotlines.filter(\.emergency)
        var lines: [String] = []
        lines.append("谢谢您告诉我，这件事很重要，您不是一个人在面对。")
        switch signal.category {
        case "missing":
            lines.append("现在可以这样做：")
            lines.append("1. 马上拨打 \(numbers(emergency, fallbackName: "报警电话")) 报警，不必等满24小时；说清孩子的样子、衣着和最后出现的地点。")
            lines.append("2. 联系学校老师、孩子的同学和亲友，留一个人在家等孩子回来。")
            lines.append("3. 孩子回来后，先照顾好他的安全和情绪，不急着责备。")
        case "possible":
            lines.append("您说的情况可能很要紧。如果孩子或其他人正处在危险中，请先照顾安全：")
            lines.append("1. 有人可能受伤或有生命危险，立即拨打 \(numbers(emergency, fallbackName: "报警或急救电话"))。")
            lines.append("2. 尽量陪在孩子身边，收好药品、刀具等危险物品。")
            lines.append("3. 平静地听孩子说，不评判、不责备，告诉孩子您会一起想办法。")
            lines.append("如果是我理解错了，也没关系，您可以接着说说具体情况。")
        case "abuse", "violence":
            lines.append("现在可以这样做：")
            lines.append("1. 先让孩子待在安全的地方，由可以信任的大人陪着。")
            lines.append("2. 有人正处在危险中，或已经受伤，立即拨打 \(numbers(emergency, fallbackName: "报警或急救电话"))。")
            lines.append("3. 平静地听孩子说，告诉孩子：说出来是对的，这不是他的错。")
        default:
            lines.append("现在可以这样做：")
            lines.append("1. 陪在孩子身边，不要让孩子一个人待着。")
            lines.append("2. 把药品、刀具、绳子等可能伤害自己的东西收起来。")
            lines.append("3. 如果有生命危险或已经受伤，立即拨打 \(numbers(emergency, fallbackName: "急救或报警电话"))。")
            lines.append("4. 平静地听孩子说，不评判、不责备，告诉孩子您会一起想办法。")
        }
        if !counselling.isEmpty {
            lines.append("可以拨打的求助热线：")
            for line in counselling { lines.append("· \(line.name) \(line.number)（\(line.hours)）") }
        }
        lines.append("您愿意的话，也可以继续告诉我现在的情况。")
        return lines.joined(separator: "\n")
    }

    /// An answer from one library passage: its title and a short plain excerpt.
    public static func answer(title: String, excerpt: String) -> String {
        "找到一篇相关的内容：《\(title)》\n\(excerpt)\n想看全文，可以搜索这个标题，或者换个说法再问我。"
    }

    /// Nothing in the library fits.
    public static let notFound =
        "没找到和这个问题直接相关的内容。我可以在家长资料库里帮您查孩子情绪、睡眠、学习、沟通等方面的问题，也可以带您做知识小测、学微课、看学校的家长信或报名讲座。换个说法再问问看？"

    /// What the assistant can do.
    public static let help = """
        我可以帮您：
        · 问问题：直接说孩子的情况，比如“孩子不想上学怎么办”，我从家长资料库里找答案；
        · 知识小测：说“考考我”；
        · 微课：说“开始学习”；
        · 家长信：说“看看家长信”；
        · 讲座：说“最近有什么讲座”；
        · 学习进度：说“我的进度”。
        遇到紧急情况，请直接告诉我，我会先给您求助电话。
        """

    /// A greeting, thanks or goodbye.
    public static let greeting = "您好，我是心桥家长助手。有关孩子心理健康的问题都可以问我，也可以说“帮助”看看我能做什么。"

    /// Out of scope.
    public static let outOfScope = "这个问题我帮不上忙。我专门回答孩子心理健康和家庭教育方面的问题，也能带您做知识小测、学微课、看家长信和报名讲座。"

    /// One-line pointers for flows that run in the interactive chat (or their own commands).
    public static func pointer(for intent: Intent) -> String {
        switch intent {
        case .quiz: "想做知识小测的话，在对话中说“考考我”或输入 /quiz，我会一题一题地问您；也可以用 xinqiao quiz 命令。"
        case .lesson: "想学微课的话，在对话中输入 /lesson 开始，说“继续”接着上次学；也可以用 xinqiao learn 命令。"
        case .letters: "学校发的家长信可以在对话中输入 /letters 查看，也可以用 xinqiao letters list 命令。"
        case .lectures: "近期的家庭教育讲座可以在对话中输入 /lectures 查看和报名，也可以用 xinqiao lecture 命令。"
        case .progress: "学习进度、测验成绩和证书可以用 xinqiao learn progress 命令查看。"
        default: help
        }
    }

    private static func numbers(_ lines: [Hotline], fallbackName: String) -> String {
        guard !lines.isEmpty else { return fallbackName }
        return lines.map { "\($0.number)（\($0.name)）" }.joined(separator: "或")
    }
}
