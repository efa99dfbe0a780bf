import OutreachCore
import Testing

/// Values are made once per key and kept; a full table starts over rather than grow.
@Suite struct BoundedTableTests {
    @Test func aValueIsMadeOncePerKey() {
        let table = BoundedTable<String, Int>(limit: 10)
        var made = 0
        func length(_ text: String) -> Int {
            made += 1
            return text.count
        }
        #expect(table.value(for: "孩子", orMake: length) == 2)
        #expect(table.value(for: "孩子", orMake: length) == 2)
        #expect(table.value(for: "家长学校", orMake: length) == 4)
        #expect(made == 2)
        #expect(table.value(for: "没有") == nil)
    }

    @Test func aFullTableStartsOverButKeepsTheNewValue() {
        let table = BoundedTable<Int, Int>(limit: 3)
        for key in 0..<3 { table.keep(key * 10, for: key) }
        table.keep(7, for: 1)
        #expect(table.value(for: 0) == 0)
        table.keep(30, for: 3)
        #expect(table.value(for: 3) == 30)
        #expect(table.value(for: 0) == nil)
    }

    @Test func optionalValuesAreKeptToo() {
        let table = BoundedTable<String, Int?>(limit: 4)
        var made = 0
        let none: Int?? = table.value(for: "x")
        #expect(none == nil)
        for _ in 0..<3 {
            _ = table.value(for: "x") { _ in
                made += 1
                return nil
            }
        }
        #expect(made == 1)
    }
}
