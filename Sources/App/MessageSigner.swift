import Crypto
public import Foundation
import OutreachCore
import Store

/// HMAC-SHA256 signatures over short strings, with a key derived from the server's persistent secret.
///
/// The web signs its cookies (session, flash) and derives its CSRF tokens with it; nothing about it is
/// web-specific, so it lives here with the secret's storage and has no HTTP types. Each use gets its own
/// key (`purpose`), so a signature made for one use never verifies for another.
public struct MessageSigner: Sendable {
    private let key: SymmetricKey

    /// A signer over `secret`, separated by `purpose` (HMAC(secret, purpose) is the key).
    public init(secret: Data, purpose: String) {
        let derived = HMAC<SHA256>.authenticationCode(for: Data(purpose.utf8), using: SymmetricKey(data: secret))
        key = SymmetricKey(data: Data(derived))
    }

    /// The signature of `message`: 43 characters of base64url.
    public func signature(_ message: String) -> String {
        Self.base64url(Data(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: key)))
    }

    /// `value.signature`, for a value that holds no `.`-free guarantee of its own (the last `.` splits).
    public func sign(_ value: String) -> String { value + "." + signature(value) }

    /// The value of a string made by `sign`, or nil when the signature does not match (checked in
    /// constant time).
    public func verify(_ signed: String) -> String? {
        guard signed.utf8.count <= 8_192, let dot = signed.lastIndex(of: ".") else { return nil }
        let value = String(signed[..<dot])
        return Self.equal(signature(value), String(signed[signed.index(after: dot)...])) ? value : nil
    }

    /// Whether two signatures are equal, comparing every byte whatever the first difference.
    public static func equal(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8)
        let b = Array(rhs.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    /// `count` random bytes from the system generator, as base64url (for tokens and secrets).
    public static func randomToken(bytes count: Int = 32) -> String { base64url(randomBytes(count)) }

    /// `count` random bytes from the system generator.
    public static func randomBytes(_ count: Int) -> Data {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// Base64 with the URL- and cookie-safe alphabet and no padding.
    public static func base64url(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The bytes of a base64url string, or nil.
    public static func decodeBase64url(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}

extension App {
    /// The server's master secret (32 random bytes), created in the database on first use and kept
    /// there: every process over the same database signs alike, and a restart keeps sessions valid.
    public func serverSecret() async throws -> Data {
        try await database.secret(named: "web-signing", orCreate: { MessageSigner.randomBytes(32) }, now: clock.now)
    }
}
