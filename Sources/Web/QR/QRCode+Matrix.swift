extension QRCode {
    /// The module grid while it is being built: function patterns (finders, timing, alignment, format
    /// and version areas) are marked so data and masks skip them. Coordinates are (x: column, y: row).
    struct Matrix {
        let version: Int
        let size: Int
        var modules: [[Bool]]
        var isFunction: [[Bool]]

        init(version: Int) {
            self.version = version
            size = version * 4 + 17
            modules = Array(repeating: Array(repeating: false, count: size), count: size)
            isFunction = modules
        }

        mutating func set(_ x: Int, _ y: Int, _ dark: Bool) {
            modules[y][x] = dark
            isFunction[y][x] = true
        }

        // MARK: - Function patterns

        mutating func drawFunctionPatterns() {
            for index in 0..<size {
                set(6, index, index % 2 == 0)
                set(index, 6, index % 2 == 0)
            }
            drawFinder(3, 3)
            drawFinder(size - 4, 3)
            drawFinder(3, size - 4)
            let positions = alignmentPositions
            let last = positions.count - 1
            for (i, x) in positions.enumerated() {
                for (j, y) in positions.enumerated() where !((i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0)) {
                    drawAlignment(x, y)
                }
            }
            drawFormatBits(mask: 0)  // reserves the area; redrawn once the mask is known
            drawVersion()
        }

        /// Centres of alignment patterns on each axis (none for version 1).
        var alignmentPositions: [Int] {
            guard version > 1 else { return [] }
            let count = version / 7 + 2
            let step = (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2
            var result = [6]
            var position = size - 7
            for _ in 0..<(count - 1) {
                result.insert(position, at: 1)
                position -= step
            }
            return result
        }

        private mutating func drawFinder(_ x: Int, _ y: Int) {
            for dy in -4...4 {
                for dx in -4...4 {
                    let distance = max(abs(dx), abs(dy))
                    let (xx, yy) = (x + dx, y + dy)
                    if (0..<size).contains(xx), (0..<size).contains(yy) { set(xx, yy, distance != 2 && distance != 4) }
                }
            }
        }

        private mutating func drawAlignment(_ x: Int, _ y: Int) {
            for dy in -2...2 {
                for dx in -2...2 { set(x + dx, y + dy, max(abs(dx), abs(dy)) != 1) }
            }
        }

        /// The 15 format bits (level M = 00, the mask) with BCH(15,5) and the 0x5412 mask, twice, plus
        /// the dark module.
        mutating func drawFormatBits(mask: Int) {
            let data = mask  // level M's two bits are 00
            var remainder = data
            for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
            let bits = (data << 10 | remainder) ^ 0x5412
            func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
            for index in 0...5 { set(8, index, bit(index)) }
            set(8, 7, bit(6))
            set(8, 8, bit(7))
            set(7, 8, bit(8))
            for index in 9..<15 { set(14 - index, 8, bit(index)) }
            for index in 0..<8 { set(size - 1 - index, 8, bit(index)) }
            for index in 8..<15 { set(8, size - 15 + index, bit(index)) }
            set(8, size - 8, true)
        }

        /// The 18 version bits (BCH(18,6)) in two 6×3 blocks, from version 7 on.
        private mutating func drawVersion() {
            guard version >= 7 else { return }
            var remainder = version
            for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
            let bits = version << 12 | remainder
            for index in 0..<18 {
                let dark = (bits >> index) & 1 == 1
                let a = size - 11 + index % 3
                let b = index / 3
                set(a, b, dark)
                set(b, a, dark)
            }
        }

        // MARK: - Data and masks

        /// Places the codewords' bits in the zigzag order: two-module columns from the right, upwards
        /// then downwards, skipping the vertical timing column; remainder bits stay light.
        mutating func drawCodewords(_ codewords: [UInt8]) {
            var index = 0
            var right = size - 1
            while right >= 1 {
                if right == 6 { right = 5 }
                for vertical in 0..<size {
                    for offset in 0..<2 {
                        let x = right - offset
                        let upward = (right + 1) & 2 == 0
                        let y = upward ? size - 1 - vertical : vertical
                        if !isFunction[y][x], index < codewords.count * 8 {
                            modules[y][x] = (codewords[index >> 3] >> (7 - UInt8(index & 7))) & 1 == 1
                            index += 1
                        }
                    }
                }
                right -= 2
            }
        }

        /// XORs a data mask over every non-function module (applying it twice undoes it).
        mutating func apply(mask: Int) {
            for y in 0..<size {
                for x in 0..<size where !isFunction[y][x] {
                    let flip: Bool
                    switch mask {
                    case 0: flip = (x + y) % 2 == 0
                    case 1: flip = y % 2 == 0
                    case 2: flip = x % 3 == 0
                    case 3: flip = (x + y) % 3 == 0
                    case 4: flip = (x / 3 + y / 2) % 2 == 0
                    case 5: flip = x * y % 2 + x * y % 3 == 0
                    case 6: flip = (x * y % 2 + x * y % 3) % 2 == 0
                    default: flip = ((x + y) % 2 + x * y % 3) % 2 == 0
                    }
                    if flip { modules[y][x].toggle() }
                }
            }
        }

        /// The penalty of the symbol with `mask` applied (rules N1–N4 of the standard).
        func penalty(mask: Int) -> Int {
            var copy = self
            copy.apply(mask: mask)
            copy.drawFormatBits(mask: mask)
            return copy.penaltyScore()
        }

        func penaltyScore() -> Int {
            var result = 0
            for line in 0..<size {
                result += linePenalty { modules[line][$0] }
                result += linePenalty { modules[$0][line] }
            }
            for y in 0..<(size - 1) {
                for x in 0..<(size - 1) {
                    let color = modules[y][x]
                    if color == modules[y][x + 1], color == modules[y + 1][x], color == modules[y + 1][x + 1] { result += 3 }
                }
            }
            let dark = modules.reduce(0) { $0 + $1.filter { $0 }.count }
            let total = size * size
            let k = (abs(dark * 20 - total * 10) + total - 1) / total - 1
            return result + k * 10
        }

        /// Runs of five or more (N1) and finder-like 1:1:3:1:1 patterns with four light modules on a
        /// side (N3) along one row or column; the symbol's edge counts as light.
        private func linePenalty(_ module: (Int) -> Bool) -> Int {
            var result = 0
            var runColor = false
            var runLength = 0
            var history = [Int](repeating: 0, count: 7)
            func addHistory(_ length: Int) {
                var length = length
                if history[0] == 0 { length += size }
                history.removeLast()
                history.insert(length, at: 0)
            }
            func finderPatterns() -> Int {
                let n = history[1]
                let core = n > 0 && history[2] == n && history[3] == n * 3 && history[4] == n && history[5] == n
                return (core && history[0] >= n * 4 && history[6] >= n ? 1 : 0) + (core && history[6] >= n * 4 && history[0] >= n ? 1 : 0)
            }
            for index in 0..<size {
                if module(index) == runColor {
                    runLength += 1
                    if runLength == 5 { result += 3 } else if runLength > 5 { result += 1 }
                } else {
                    addHistory(runLength)
                    if !runColor { result += finderPatterns() * 40 }
                    runColor = module(index)
                    runLength = 1
                }
            }
            if runColor {
                addHistory(runLength)
                runLength = 0
            }
            runLength += size
            addHistory(runLength)
            return result + finderPatterns() * 40
        }
    }
}
