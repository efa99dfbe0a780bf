/// Small, valid content files of every kind (original text written for tests).
public enum Fixtures {
    public static let article = """
        ---
        id: sleep-basics
        title: 孩子每天该睡多久？
        summary: 小学生每天10小时，初中生9小时，高中生8小时。
        tags: [睡眠, 作息]
        stages: [primary, junior, senior]
        knowledge_points: [kp-sleep-needs]
        reviewed_on: 2026-11-20
        facts:
          - claim: 小学生每天睡眠10小时，初中生9小时，高中生8小时
            source: 教育部办公厅《关于进一步加强中小学生睡眠管理工作的通知》（2021年）
        ---
        ## 孩子总说困怎么办？
        先固定起床时间，再慢慢把上床时间往前挪。
        """

    public static let faq = """
        ---
        id: faq-sleep-late
        question: 娃天天晚上十一点还不睡咋办
        tags: [睡眠]
        stages: [primary]
        article: sleep-basics
        ---
        先把起床时间固定下来，睡前一小时收起屏幕，用洗漱、读书这样的小仪式帮孩子慢慢安静下来。
        """

    public static let letter = """
        ---
        id: letter-term-start
        title: 开学前致家长的一封信
        trigger:
          event: term_start
          offset_days: -3
          send_hour: 17
        audience:
          stages: [primary, junior]
        channels: [inbox, sms, print]
        ack_required: true
        receipt: 我已阅读开学前的一封信。
        sms: 【心桥】开学在即，请帮孩子提前调整作息。情绪持续低落可拨打12356。
        tags: [开学]
        articles: [sleep-basics]
        ---
        各位家长朋友：

        新学期就要开始了。请提前三天把孩子的作息调回上学节奏。

        {{hotlines}}

        {{school}}
        {{date}}
        """

    public static let hotlines = """
        hotlines:
          - id: hotline-12356
            number: "12356"
            name: 全国统一心理援助热线
            purpose: 情绪困扰时的倾诉与专业援助
            scope: national
            emergency: false
            hours: 各地开通时段不同
            source: 国家卫生健康委2024年12月公布
          - id: hotline-110
            number: "110"
            name: 报警电话
            purpose: 紧急危险时报警
            scope: national
            emergency: true
            hours: 24小时
            source: 公安机关报警电话
        """

    public static let knowledgePoints = """
        - id: kp-sleep-needs
          title: 各学段孩子需要的睡眠时间
          category: 身心健康
          explanation: 小学生每天睡眠应达到10小时，初中生9小时，高中生8小时。
        - id: kp-hotlines
          title: 心理援助热线
          category: 求助资源
          explanation: 全国统一心理援助热线是12356。
        """

    public static let questions = """
        questions:
          - id: q-sleep-01
            knowledge_point: kp-sleep-needs
            type: single
            stem: 初中生每天的睡眠时间应达到多少？
            options:
              - {id: A, text: 7小时}
              - {id: B, text: 9小时}
            answer: [B]
            explanation: 初中生每天睡眠应达到9小时。
          - id: q-hotline-01
            knowledge_point: kp-hotlines
            type: truefalse
            stem: 全国统一心理援助热线是12356。
            answer: [T]
            explanation: 12356是全国统一心理援助热线。
          - id: q-hotline-02
            knowledge_point: kp-hotlines
            type: multiple
            stem: 孩子有危险时可以拨打哪些电话？
            options:
              - {id: A, text: "110"}
              - {id: B, text: "120"}
              - {id: C, text: 订餐电话}
            answer: [A, B]
            explanation: 紧急危险时拨打110或120。
        quizzes:
          - id: sample-survey
            title: 示例问卷
            pass_mark: 80
            questions: [q-sleep-01, q-hotline-01]
        """

    public static let course = """
        id: course-sample
        title: 示例家长课堂
        summary: 一节示例微课。
        stages: [primary]
        posttest: sample-survey
        """

    public static let lesson = """
        ---
        id: course-sample-01
        title: 孩子睡不够
        minutes: 5
        key_points:
          - 小学生每天睡10小时
          - 固定起床时间
          - 睡前收起屏幕
        knowledge_points: [kp-sleep-needs]
        article: sleep-basics
        check: [q-sleep-01, q-hotline-01]
        ---
        早上叫了三遍孩子还起不来？先看看他昨晚几点睡的。

        ## 今天试一试
        今晚提前十五分钟关灯。
        """

    /// The files of the minimal library, by path relative to the library root.
    public static let minimalLibrary: [(String, String)] = [
        ("Content/articles/sleep-basics.md", article),
        ("Content/faq/faq-sleep-late.md", faq),
        ("Content/letters/letter-term-start.md", letter),
        ("Content/hotlines.yaml", hotlines),
        ("Lessons/knowledge-points.yaml", knowledgePoints),
        ("Lessons/quizzes/bank-sample.yaml", questions),
        ("Lessons/courses/course-sample/course.yaml", course),
        ("Lessons/courses/course-sample/01-sleep.md", lesson),
    ]
}
