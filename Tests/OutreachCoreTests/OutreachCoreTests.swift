import OutreachCore
import Testing

@Suite struct OutreachCoreTests {
    @Test(arguments: [("sleep-hours", true), ("kp-1", true), ("Sleep", false), ("-x", false), ("", false), ("a b", false), ("睡眠", false)])
    func slugs(_ value: String, _ valid: Bool) {
        #expect(Identifier<Void>.isValidSlug(value) == valid)
    }

    @Test func rolesGrantPermissions() {
        #expect(Actor.account(Account(id: "p", role: .parent)).has(.learn))
        #expect(!Actor.account(Account(id: "p", role: .parent)).has(.viewAggregates))
        #expect(!Actor.account(Account(id: "a", role: .analyst)).has(.manageAccounts))
        #expect(Actor.account(Account(id: "a", role: .admin)).has(.manageAccounts))
        #expect(Actor.localOperator.has(.manageAccounts))
    }

    @Test(arguments: [(8, "初二"), (1, "一年级"), (12, "高三"), (0, "幼儿园大班")])
    func gradeNames(_ grade: Int, _ name: String) {
        #expect(Grade.chineseName(grade) == name)
    }
}
