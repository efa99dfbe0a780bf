/// A QR code (ISO/IEC 18004) for a short text: byte mode, error correction level M, versions 1–10
/// (up to 213 bytes — plenty for a survey link), with Reed–Solomon error correction over GF(256), the
/// eight data masks and the standard penalty rules to choose one.
///
/// Written here rather than taken from a package: the web front needs only this one case, and the
/// encoder is small. Tests compare whole module matrices with a reference encoder's (segno).
///
/// ```swift
/// let code = try QRCode(text: "https://example.cn/survey/sleep")
/// let svg = code.svg(label: "问卷二维码")   // inline SVG, 4-module quiet zone
/// ```
struct QRCode: Sendable {
    /// Why a text cannot be encoded.
    enum EncodeError: Error, Equatable {
        /// More than 213 bytes (the capacity of version 10 at level M).
        case tooLong(bytes: Int)
    }

    /// 1–10.
    let version: Int
    /// 0–7, chosen by the lowest penalty (or forced).
    let mask: Int
    /// Modules per side: 17 + 4 × version.
    let size: Int
    /// `modules[row][column]`, true is dark; without the quiet zone.
    let modules: [[Bool]]

    /// Error correction of level M per version (index 1–10): EC codewords per block, and the blocks as
    /// (count, data codewords each).
    private static let levelM: [(ec: Int, groups: [(blocks: Int, data: Int)])] = [
        (0, []),
        (10, [(1, 16)]), (16, [(1, 28)]), (26, [(1, 44)]), (18, [(2, 32)]), (24, [(2, 43)]),
        (16, [(4, 27)]), (18, [(4, 31)]), (22, [(2, 38), (2, 39)]), (22, [(3, 36), (2, 37)]), (26, [(4, 43), (1, 44)]),
    ]

    /// The largest payload in bytes per version at level M.
    static func capacity(version: Int) -> Int {
        let dataBits = levelM[version].groups.reduce(0) { $0 + $1.blocks * $1.data } * 8
        return (dataBits - 4 - (version < 10 ? 8 : 16)) / 8
    }

    /// Encodes `text` as UTF-8 in the smallest version that holds it; `mask` forces a mask (tests).
    init(text: String, mask forcedMask: Int? = nil) throws(EncodeError) {
        try self.init(bytes: Array(text.utf8), mask: forcedMask)
    }

    init(bytes: [UInt8], mask forcedMask: Int? = nil) throws(EncodeError) {
        guard let version = (1...10).first(where: { Self.capacity(version: $0) >= bytes.count }) else {
            throw .tooLong(bytes: bytes.count)
        }
        var matrix = Matrix(version: version)
        matrix.drawFunctionPatterns()
        matrix.drawCodewords(Self.codewords(bytes, version: version))
        let mask = forcedMask ?? (0..<8).min { matrix.penalty(mask: $0) < matrix.penalty(mask: $1) }!
        matrix.apply(mask: mask)
        matrix.drawFormatBits(mask: mask)
        self.version = version
        self.mask = mask
        self.size = matrix.size
        self.modules = matrix.modules
    }

    /// The code as an inline SVG image (dark modules as one path on a white square with a 4-module
    /// quiet zone), scaled by CSS; `label` is its accessible name.
    func svg(label: String, pixelsPerModule: Int = 4) -> String {
        let side = size + 8
        var path = ""
        for (row, line) in modules.enumerated() {
            var column = 0
            while column < size {
                guard line[column] else {
                    column += 1
                    continue
                }
                var run = 1
                while column + run < size, line[column + run] { run += 1 }
                path += "M\(column + 4) \(row + 4)h\(run)v1h-\(run)z"
                column += run
            }
        }
        let escaped = SnippetHTML.escape(label)
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(side) \(side)\" width=\"\(side * pixelsPerModule)\" "
            + "height=\"\(side * pixelsPerModule)\" role=\"img\" aria-label=\"\(escaped)\" shape-rendering=\"crispEdges\">"
            + "<title>\(escaped)</title><rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/><path fill=\"#000\" d=\"\(path)\"/></svg>"
    }

    // MARK: - Codewords

    /// The data codewords (mode, count, bytes, terminator, padding) split into blocks, each followed by
    /// its Reed–Solomon codewords, interleaved as the standard places them.
    static func codewords(_ bytes: [UInt8], version: Int) -> [UInt8] {
        let spec = levelM[version]
        let dataCount = spec.groups.reduce(0) { $0 + $1.blocks * $1.data }
        var bits = BitBuffer()
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: version < 10 ? 8 : 16)
        for byte in bytes { bits.append(Int(byte), count: 8) }
        bits.append(0, count: min(4, dataCount * 8 - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var data = bits.bytes
        var pad: UInt8 = 0xEC
        while data.count < dataCount {
            data.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        var blocks: [[UInt8]] = []
        var offset = 0
        for group in spec.groups {
            for _ in 0..<group.blocks {
                blocks.append(Array(data[offset..<offset + group.data]))
                offset += group.data
            }
        }
        let divisor = ReedSolomon.divisor(degree: spec.ec)
        let corrections = blocks.map { ReedSolomon.remainder($0, divisor: divisor) }
        var result: [UInt8] = []
        for index in 0..<(blocks.map(\.count).max() ?? 0) {
            for block in blocks where index < block.count { result.append(block[index]) }
        }
        for index in 0..<spec.ec {
            for correction in corrections { result.append(correction[index]) }
        }
        return result
    }

    /// Bits appended most significant first.
    struct BitBuffer {
        private(set) var bits: [Bool] = []
        var count: Int { bits.count }

        mutating func append(_ value: Int, count: Int) {
            for shift in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> shift) & 1 == 1) }
        }

        var bytes: [UInt8] {
            stride(from: 0, to: bits.count, by: 8).map { start in
                bits[start..<min(start + 8, bits.count)].enumerated().reduce(UInt8(0)) { $0 | ($1.element ? 0x80 >> UInt8($1.offset) : 0) }
            }
        }
    }

    /// Reed–Solomon over GF(2⁸) with the QR polynomial x⁸ + x⁴ + x³ + x² + 1 (0x11D) and generator
    /// roots α⁰ … α^(degree−1).
    enum ReedSolomon {
        /// The generator polynomial's coefficients, highest power first, without its leading 1.
        static func divisor(degree: Int) -> [UInt8] {
            var result = [UInt8](repeating: 0, count: degree)
            result[degree - 1] = 1
            var root: UInt8 = 1
            for _ in 0..<degree {
                for index in 0..<degree {
                    result[index] = multiply(result[index], root)
                    if index + 1 < degree { result[index] ^= result[index + 1] }
                }
                root = multiply(root, 0x02)
            }
            return result
        }

        /// The error correction codewords of `data`: the remainder of data·x^degree divided by the generator.
        static func remainder(_ data: [UInt8], divisor: [UInt8]) -> [UInt8] {
            var result = [UInt8](repeating: 0, count: divisor.count)
            for byte in data {
                let factor = byte ^ result.removeFirst()
                result.append(0)
                for index in result.indices { result[index] ^= multiply(divisor[index], factor) }
            }
            return result
        }

        /// Product in GF(2⁸) modulo 0x11D.
        static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
            var z = 0
            for shift in stride(from: 7, through: 0, by: -1) {
                z = (z << 1) ^ ((z >> 7) * 0x11D)
                z ^= ((Int(y) >> shift) & 1) * Int(x)
            }
            return UInt8(z)
        }
    }
}
