import App
import Campaigns
import Foundation
import Hummingbird
import Logging
import Lectures
import OutreachCore

/// Chinese words for the staff, organiser and admin pages: lifecycle states and steps, calendar
/// events, and a message for every domain error a form can run into (the domain's own descriptions
/// are English, for the CLI and the API, and never shown on a page).
enum PageText {
    // MARK: - Campaigns

    static func state(_ state: CampaignState) -> String {
        switch state {
        case .draft: "草稿"
        case .inReview: "待审核"
        case .approved: "已批准"
        case .scheduled: "已排期"
        case .sending: "发送中"
        case .sent: "已发送"
        case .archived: "已归档"
        case .cancelled: "已取消"
        }
    }

    static func action(_ action: CampaignAction) -> String {
        switch action {
        case .edit: "修改"
        case .submit: "提交审核"
        case .reject: "退回修改"
        case .approve: "批准"
        case .schedule: "排期发送"
        case .start: "开始发送"
        case .finish: "完成发送"
        case .archive: "归档"
        case .cancel: "取消"
        }
    }

    static func channel(_ channel: LetterTemplate.Channel) -> String {
        switch channel {
        case .inbox: "站内信"
        case .sms: "短信"
        case .print: "纸质打印"
        case .webhook: "对接系统推送"
        }
    }

    /// The Chinese name of a calendar event key (`gaokao` → 高考); the key itself when unknown.
    static func event(_ key: String) -> String {
        switch key {
        case "chuxi": "除夕"
        case "chunjie": "春节"
        case "yuanxiao": "元宵节"
        case "qingming": "清明节"
        case "duanwu": "端午节"
        case "qixi": "七夕"
        case "zhongqiu": "中秋节"
        case "chongyang": "重阳节"
        case "gaokao": "高考"
        case "gaokao_end": "高考结束"
        case "zhongkao": "中考"
        case "zhongkao_end": "中考结束"
        case "term_start": "开学"
        case "term_end": "学期结束"
        case "winter_vacation": "寒假"
        case "summer_vacation": "暑假"
        case "labour_day": "劳动节"
        case "national_day": "国庆节"
        case "observance_525": "5·25 心理健康日"
        case "observance_910": "教师节"
        case "observance_1010": "世界精神卫生日"
        case "safety_education_day": "安全教育日"
        case "date": "固定日期"
        default: key
        }
    }

    // MARK: - Lectures

    static func state(_ state: OrderState) -> String {
        switch state {
        case .open: "待推荐讲师"
        case .proposed: "已推荐讲师"
        case .confirmed: "已选定讲师，待讲师答复"
        case .accepted: "讲师已接受，待排期"
        case .declined: "讲师已婉拒，需重新推荐"
        case .scheduled: "已排期"
        case .cancelled: "已取消"
        }
    }

    static func action(_ action: OrderAction) -> String {
        switch action {
        case .propose: "推荐讲师"
        case .confirm: "选定讲师"
        case .accept: "讲师接受"
        case .decline: "讲师婉拒"
        case .schedule: "排期"
        case .cancel: "取消"
        }
    }

    static func weekday(_ day: Int) -> String {
        ["", "周一", "周二", "周三", "周四", "周五", "周六", "周日"][min(max(day, 0), 7)]
    }

    // MARK: - Errors

    /// The status and Chinese message of a domain error a page form can cause, or nil for anything
    /// else (which the error middleware turns into a generic page and a log line).
    static func describe(_ error: any Error, logger: Logger) -> (status: HTTPResponse.Status, message: String)? {
        let message: String
        switch error {
        case let error as CampaignError: message = campaign(error)
        case let error as LectureError: message = lecture(error)
        case let error as AccountError: message = account(error)
        case let error as PageError: return (error.status, error.message)
        default: return nil
        }
        return (ErrorMiddleware<AppRequestContext>.translate(error, logger: logger).status, message)
    }

    static func campaign(_ error: CampaignError) -> String {
        switch error {
        case .invalidTransition(let from, let action):
            "这封家长信现在是「\(state(from))」，不能\(self.action(action))。页面可能已过期，请刷新后再看。"
        case .selfApproval:
            "您是这一版的作者，不能批准自己写的家长信。请另一位工作人员审核并批准。"
        case .offsetOutOfRange(let days): "提前或推后 \(days) 天超出了范围（最多 \(LetterTemplate.maxOffsetDays) 天）。"
        case .invalidSendHour(let hour): "发送时间 \(hour) 点不对，请填 0–23 之间的整点。"
        case .invalidGrade(let grade): "年级 \(grade) 不对（应为 0–12）。"
        case .emptyTitle: "标题不能为空。"
        case .noChannel: "至少需要一个发送渠道。"
        case .unknownEvent(let key): "没有「\(key)」这个日历事件。"
        case .eventNotInCalendar(let event, let year, let region):
            region == nil
                ? "\(year) 年没有「\(self.event(event))」的日期：开学、考试、假期等学校日期按地区设定，请选择地区。"
                : "\(region!) 的 \(year) 年校历里没有「\(self.event(event))」的日期，请先在校历数据中补上。"
        case .yearOutOfRange(let year): "年份 \(year) 超出了范围（1900–2100）。"
        case .notFound: "没有找到这个家长信活动。"
        case .templateNotFound: "没有找到这个家长信模板。"
        case .duplicate: "这个活动已经建过了（同一模板、同一日期和地区只建一个），请在列表中打开它。"
        case .invalidID: "活动编号只能用英文字母、数字和 - _ . @，最长 64 个字符。"
        case .invalidWebhookURL, .webhookNotConfigured: "对接系统的推送地址没有设置好，请联系管理员。"
        case .notDelivered: "没有找到这封信。"
        case .channelNotUsed(_, let channel): "这封信不通过「\(self.channel(channel))」发送。"
        case .notSent: "这封信还没有发出，暂时不能导出。"
        case .notApproved: "这封信还没有被批准，只能打印校对稿。"
        }
    }

    static func lecture(_ error: LectureError) -> String {
        switch error {
        case .invalidID: "编号只能用英文字母、数字和 - _ . @，最长 64 个字符（可以不填，系统会自动生成）。"
        case .emptyName: "请填写名称（或讲座标题）。"
        case .invalidCapacity(let count): "人数必须大于 0（现在是 \(count)）。"
        case .capacityExceedsVenue(let capacity, _, let seats): "名额 \(capacity) 超过了场地的 \(seats) 个座位。"
        case .endBeforeStart: "结束时间必须晚于开始时间。"
        case .tooLong: "一场讲座不能超过一天；多次讲座请用“每周重复”。"
        case .invalidDate(let text): "日期或时间「\(text)」的格式不对（日期如 2027-03-06，时间如 19:00）。"
        case .invalidLength(let minutes): "时长 \(minutes) 分钟不对：应在 15–480 分钟之间，且不跨过午夜。"
        case .invalidCount(let count): "每周重复的次数应为 1–52，现在是 \(count)。"
        case .invalidAvailability: "讲师的可授课时间填写有误：时间如 09:00–21:00，日期如 2027-03-06。"
        case .noTopics: "讲师至少要选一个主题。"
        case .noPreferredDates: "请至少填写一个希望的日期。"
        case .unknownTopic: "没有这个讲座主题。"
        case .unknownVenue: "没有找到这个场地。"
        case .unknownLecturer: "没有找到这位讲师。"
        case .unknownLecture: "没有找到这场讲座。"
        case .unknownOrder: "没有找到这个点单。"
        case .unknownParent(let id): "没有账号「\(id)」。"
        case .unknownQuiz: "没有找到这份测验。"
        case .noQuizLinked: "这场讲座没有关联课后测验。"
        case .notAParent(let id): "账号「\(id)」不是家长账号。"
        case .duplicate(_, let id): "编号「\(id)」已经用过了，请换一个。"
        case .conflict(_, let resource, let other, let at):
            "时间冲突：\(resource.hasPrefix("venue") ? "场地" : "讲师")在 \(at) 已有讲座「\(other)」。请换时间、场地或讲师。"
        case .lecturerUnavailable(_, let when, let availability): "讲师在 \(when) 没有空（可授课时间：\(availability)）。"
        case .lecturerLacksTopic: "这位讲师不讲这个主题。"
        case .alreadyRegistered: "这位家长已经报过名了。"
        case .notRegistered: "这位家长没有报名这场讲座。"
        case .registrationClosed: "讲座已经开始，不能再报名或取消。"
        case .wrongCode: "签到码不对，请核对后再输入。"
        case .codeUsed(_, let at): "这个签到码已经在 \(at) 签到过了，每个签到码只能用一次。"
        case .notOnWaitlistToCheckIn: "这位家长在候补名单上，还没有座位，不能签到。"
        case .noLecturerForTopic: "还没有讲师讲这个主题：点单保持“待推荐”，请先添加讲这个主题的讲师。"
        case .noAvailableLecturer: "在希望的日期里没有合适的讲师（主题、地区或时间不合适）：点单保持不变，可以请对方换几个日期。"
        case .notProposed: "这位讲师没有被推荐在这个日期，请从推荐名单里选。"
        case .invalidTransition(_, let from, let action): "这个点单现在是「\(state(from))」，不能\(self.action(action))。页面可能已过期，请刷新后再看。"
        case .notTheLecturer: "只有选定的讲师本人（或组织者）可以答复这个点单。"
        }
    }

    static func account(_ error: AccountError) -> String {
        switch error {
        case .invalidID: "账号只能用英文字母、数字和 - _ . @，最长 64 个字符。"
        case .unknownRole: "请选择一个角色。"
        case .invalidGrade(let grade): "年级 \(grade) 不对（应为 0–12）。"
        case .duplicateID(let id): "账号「\(id)」已经存在，请换一个。"
        case .weakPassword: "密码至少要 8 个字符。"
        case .invalidFile: "导入文件有误。"
        case .notFound: "没有找到这个账号。"
        case .ownRole: "不能修改自己的角色，请另一位管理员操作。"
        }
    }
}

extension PageText {
    /// The status and message of an expected domain error (see `describe`); anything else is thrown
    /// on, to the error middleware (403 and sign-in redirects, 404 pages, a logged 500).
    static func expected(_ error: any Error, _ context: AppRequestContext) throws -> (HTTPResponse.Status, String) {
        guard let described = describe(error, logger: context.logger) else { throw error }
        return described
    }
}
