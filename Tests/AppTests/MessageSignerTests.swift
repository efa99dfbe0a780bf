import App
import Foundation
import Testing

/// Signed cookie values: base64url without padding, signatures that fit only their own message and key.
@Suite struct MessageSignerTests {
    @Test func base64urlIsBase64WithTheSafeAlphabetAndNoPadding() {
        var generator = SystemRandomNumberGenerator()
        for count in 0..<70 {
            let data = Data((0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
            let reference = data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            let encoded = MessageSigner.base64url(data)
            #expect(encoded == reference)
            #expect(MessageSigner.decodeBase64url(encoded) == data)
        }
        #expect(MessageSigner.base64url(Data([0xfb, 0xff, 0xbf])) == "-_-_")
    }

    @Test func randomTokensHaveTheAskedLengthAndDiffer() {
        #expect(MessageSigner.randomBytes(13).count == 13)
        #expect(MessageSigner.randomBytes(0).isEmpty)
        let tokens = (0..<50).map { _ in MessageSigner.randomToken() }
        #expect(Set(tokens).count == 50)
        #expect(tokens.allSatisfy { $0.utf8.count == 43 })
    }

    @Test func aSignatureFitsOnlyItsMessageAndKey() {
        let signer = MessageSigner(secret: Data(repeating: 7, count: 32), purpose: "test")
        let other = MessageSigner(secret: Data(repeating: 8, count: 32), purpose: "test")
        let signed = signer.sign("会话-123")
        #expect(signer.verify(signed) == "会话-123")
        #expect(other.verify(signed) == nil)
        #expect(signer.verify(signed + "x") == nil)
        #expect(signer.verify("会话-124." + signed.split(separator: ".").last!) == nil)
    }
}
