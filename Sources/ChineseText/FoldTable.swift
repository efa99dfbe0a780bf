import Foundation
import ICUCore

/// Per-code-point folding for matching: NFKC width folding, case folding and Traditional→Simplified.
///
/// Folding is one code point to one code point, so a folded text has exactly as many scalars as the
/// original and every token's offsets map straight back to the original (highlights and snippets point
/// into what the author wrote). The Traditional→Simplified map comes from ICU's `Traditional-Simplified`
/// transliterator, run once over every BMP ideograph at start-up (each character on its own line, so
/// no context rule fires across characters); a few context-dependent conversions (乾坤 vs 乾淨) are
/// therefore approximated, which is harmless for matching because index and query fold alike.
public struct FoldTable: Sendable {
    private let table: [UInt32]

    /// The shared table, built on first use (≈ 20 ms).
    public static let shared: FoldTable = FoldTable()

    private init() {
        var table = [UInt32](repeating: 0, count: 0x10000)
        for code in 0..<0x10000 { table[code] = UInt32(code) }
        // ASCII and Latin-1 case folding.
        for code in 0x41...0x5A { table[code] = UInt32(code + 0x20) }
        // Full-width ASCII (！…～) to ASCII, then lower case; ideographic space to space.
        for code in 0xFF01...0xFF5E {
            var folded = code - 0xFEE0
            if (0x41...0x5A).contains(folded) { folded += 0x20 }
            table[code] = UInt32(folded)
        }
        table[0x3000] = 0x20
        // Ratio colon and middle dots, as in 1∶800 and 5·25, fold to their ASCII or common forms.
        table[0x2236] = 0x3A
        table[0x30FB] = 0xB7
        table[0x2022] = 0xB7
        // Other scripts: lower case when it is a single scalar; NFKC for compatibility characters.
        for code in 0x80..<0x10000 where !(0x3400...0x9FFF).contains(code) && !(0xD800...0xDFFF).contains(code) && table[code] == UInt32(code) {
            guard let scalar = Unicode.Scalar(UInt32(code)) else { continue }
            let properties = scalar.properties
            if properties.changesWhenNFKCCaseFolded {
                let folded = properties.nfkcCaseFoldedMapping(scalar)
                if folded.unicodeScalars.count == 1, let first = folded.unicodeScalars.first {
                    table[code] = first.value
                }
            }
        }
        // Traditional → Simplified over CJK Ext A and the URO, through ICU.
        Self.foldHan(into: &table)
        self.table = table
    }

    private static func foldHan(into table: inout [UInt32]) {
        let range = 0x3400...0x9FFF
        var input: [UInt16] = []
        input.reserveCapacity(range.count * 2)
        for code in range {
            input.append(UInt16(code))
            input.append(0x0A)
        }
        guard let transliterator = try? Transliterator(id: "Traditional-Simplified"),
            let output = try? transliterator.transliterate(input), output.count == input.count
        else { return }
        for (index, code) in range.enumerated() {
            let folded = output[index * 2]
            if folded != UInt16(code) && !(0xD800...0xDFFF).contains(Int(folded)) { table[code] = UInt32(folded) }
        }
        // Compatibility ideographs (F900–FAFF) map to unified ones through NFKC; fold those too.
        for code in 0xF900...0xFAFF {
            let target = table[code]
            if (0x3400...0x9FFF).contains(Int(target)) { table[code] = table[Int(target)] }
        }
    }

    /// The folded form of one scalar.
    @inline(__always)
    public func fold(_ value: UInt32) -> UInt32 {
        value < 0x10000 ? table[Int(value)] : value
    }
}

extension Unicode.Scalar.Properties {
    /// NFKC_Casefold of a single scalar, as a string.
    func nfkcCaseFoldedMapping(_ scalar: Unicode.Scalar) -> String {
        String(scalar).precomposedStringWithCompatibilityMapping.lowercased()
    }
}
