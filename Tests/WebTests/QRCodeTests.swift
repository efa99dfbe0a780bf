import Foundation
import Testing
import TestSupport
@testable import Web

/// The QR encoder against module matrices from a reference encoder (segno, see
/// `Fixtures/qr-reference.py`): versions 1–10 in byte mode at level M, ASCII and Chinese UTF-8 text,
/// each of the eight masks forced, and the mask the penalty rules choose.
@Suite struct QRCodeTests {
    struct Vector: Decodable {
        var text: String
        var version: Int
        var mask: Int
        var forced: Bool?
        var rows: [String]
    }

    struct Reference: Decodable {
        var generator: String
        var vectors: [Vector]
    }

    static let reference: Reference = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/qr-reference.json")
        return try! JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }()

    static func rows(_ code: QRCode) -> [String] {
        code.modules.map { row in String(row.map { $0 ? "1" : "0" }) }
    }

    @Test func theReferenceCoversEveryVersionAndMask() {
        #expect(Set(Self.reference.vectors.map(\.version)) == Set(1...10))
        #expect(Set(Self.reference.vectors.filter { $0.forced == true }.map(\.mask)) == Set(0...7))
    }

    @Test(arguments: reference.vectors.filter { $0.forced == true })
    func eachForcedMaskGivesTheReferenceMatrix(vector: Vector) throws {
        let code = try QRCode(text: vector.text, mask: vector.mask)
        #expect(code.version == vector.version)
        #expect(Self.rows(code) == vector.rows, "mask \(vector.mask)")
    }

    @Test(arguments: reference.vectors.filter { $0.forced != true })
    func theChosenMaskAndMatrixEqualTheReference(vector: Vector) throws {
        let code = try QRCode(text: vector.text)
        #expect(code.version == vector.version)
        #expect(code.size == 17 + 4 * vector.version)
        #expect(code.mask == vector.mask)
        #expect(Self.rows(code) == vector.rows)
    }

    @Test func reedSolomonMatchesTheStandardsWorkedExample() {
        // ISO/IEC 18004 annex I: "01234567" at 1-M — data codewords and their 10 EC codewords.
        let data: [UInt8] = [16, 32, 12, 86, 97, 128, 236, 17, 236, 17, 236, 17, 236, 17, 236, 17]
        let ec = QRCode.ReedSolomon.remainder(data, divisor: QRCode.ReedSolomon.divisor(degree: 10))
        #expect(ec == [165, 36, 212, 193, 237, 54, 199, 135, 44, 85])
    }

    @Test func capacityAndTooLongText() {
        #expect((1...10).map(QRCode.capacity) == [14, 26, 42, 62, 84, 106, 122, 152, 180, 213])
        #expect(throws: QRCode.EncodeError.tooLong(bytes: 214)) { try QRCode(text: String(repeating: "a", count: 214)) }
        #expect((try? QRCode(text: String(repeating: "a", count: 213)))?.version == 10)
    }

    @Test func svgHasAQuietZoneAndAnEscapedLabel() throws {
        let svg = try QRCode(text: "HELLO").svg(label: "问卷<二维码>")
        #expect(svg.hasPrefix("<svg ") && svg.contains(#"viewBox="0 0 29 29""#))
        #expect(svg.contains("aria-label=\"问卷&lt;二维码&gt;\"") && !svg.contains("<二维码>"))
        // The top-left finder's first row: 7 dark modules starting after the 4-module quiet zone
        #expect(svg.contains("M4 4h7v1h-7z"))
    }
}
