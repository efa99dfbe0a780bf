/// A calendar event a letter can be timed to.
public enum EventKey: String, Codable, CaseIterable, Sendable {
    case chuxi, chunjie, yuanxiao, qingming, duanwu, qixi, zhongqiu, chongyang
    case gaokao, gaokaoEnd = "gaokao_end", zhongkao, zhongkaoEnd = "zhongkao_end"
    case termStart = "term_start", termEnd = "term_end"
    case winterVacation = "winter_vacation", summerVacation = "summer_vacation"
    case labourDay = "labour_day", nationalDay = "national_day"
    case observance525 = "observance_525", observance910 = "observance_910", observance1010 = "observance_1010"
    case safetyEducationDay = "safety_education_day"
}
