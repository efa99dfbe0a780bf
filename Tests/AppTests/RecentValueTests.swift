import App
import Foundation
import Testing
import TestSupport

/// `RecentValue`: what pages show on every request is read at most once per lifetime, and an import in
/// this process is seen at once.
@Suite struct RecentValueTests {
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func next() -> Int { lock.withLock { count += 1; return count } }
    }

    @Test func keepsTheValueForItsLifetimeAndReadsAgainAfterInvalidation() async throws {
        // Given a value that counts its loads
        let loads = Counter()
        let recent = RecentValue<Int>(lifetime: .seconds(60))
        // When it is asked for three times, invalidated, then asked again
        let first = await recent.value { loads.next() }
        let second = await recent.value { loads.next() }
        recent.invalidate()
        let third = await recent.value { loads.next() }
        // Then it loaded once before the invalidation and once after
        #expect(first == 1 && second == 1 && third == 2)
    }

    @Test func readsAgainWhenTheLifetimeHasPassed() async throws {
        let loads = Counter()
        let recent = RecentValue<Int>(lifetime: .milliseconds(20))
        let first = await recent.value { loads.next() }
        try await Task.sleep(for: .milliseconds(60))
        let second = await recent.value { loads.next() }
        #expect(first == 1 && second == 2)
    }

    @Test func whileOneCallerRefreshesTheOthersGetTheOldValue() async throws {
        // Given an expired value whose next load is slow
        let recent = RecentValue<Int>(lifetime: .milliseconds(10))
        _ = await recent.value { 1 }
        try await Task.sleep(for: .milliseconds(30))
        // When one caller refreshes it and another asks meanwhile
        let refresher = Task { await recent.value { try? await Task.sleep(for: .milliseconds(300)); return 2 } }
        try await Task.sleep(for: .milliseconds(100))
        let meanwhile = await recent.value { 3 }
        // Then the other caller got the old value without loading, and the refresh is kept
        #expect(meanwhile == 1)
        #expect(await refresher.value == 2)
        let after = await recent.value { 4 }
        #expect(after == 2)
    }

    @Test func aFailedLoadKeepsNothing() async throws {
        struct Broken: Error {}
        let recent = RecentValue<Int>(lifetime: .seconds(60))
        await #expect(throws: Broken.self) { try await recent.value { throw Broken() } }
        let value = await recent.value { 7 }
        #expect(value == 7)
    }

    @Test func anImportRefreshesTheHotlinesAtOnce() async throws {
        // Given the minimal library imported and its hotlines read (and so kept)
        let app = try await App.makeForTesting()
        let library = try TemporaryLibrary.minimal()
        _ = try await app.content.importLibrary(roots: library.roots)
        #expect(try await app.knowledge.hotlines().map(\.number) == ["12356", "110"])
        // When the hotlines file gains a line and is imported again
        let added = """

              - id: hotline-12355
                number: "12355"
                name: 青少年服务台
                purpose: 青少年心理咨询和法律援助
                scope: national
                emergency: false
                hours: 各地开通时段不同
                source: 共青团中央
            """
        try library.write("Content/hotlines.yaml", Fixtures.hotlines + added)
        let report = try await app.content.importLibrary(roots: library.roots)
        // Then the next read has it, without waiting for the kept copy to expire
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(try await app.knowledge.hotlines().map(\.number) == ["12355", "12356", "110"])
    }
}
