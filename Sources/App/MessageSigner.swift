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

    /// `count` random bytes from the system generator (eight per draw: each draw is a system call).
    public static func randomBytes(_ count: Int) -> Data {
        var generator = SystemRandomNumberGenerator()
        var bytes = Data(capacity: count + 8)
        while bytes.count < count {
            withUnsafeBytes(of: generator.next() as UInt64) { bytes.append(contentsOf: $0.prefix(count - bytes.count)) }
        }
        return bytes
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Base64 with the URL- and cookie-safe alphabet and no padding (every page request without a
    /// cookie mints one, so this is one pass over the bytes).
    public static func base64url(_ data: Data) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((data.count * 4 + 2) / 3)
        var index = data.startIndex
        while index < data.endIndex {
            let remaining = data.endIndex - index
            let b0 = UInt32(data[index])
            let b1 = remaining > 1 ? UInt32(data[index + 1]) : 0
            let b2 = remaining > 2 ? UInt32(data[index + 2]) : 0
            let group = b0 << 16 | b1 << 8 | b2
            out.append(alphabet[Int(group >> 18 & 63)])
            out.append(alphabet[Int(group >> 12 & 63)])
            if remaining > 1 { out.append(alphabet[Int(group >> 6 & 63)]) }
            if remaining > 2 { out.append(alphabet[Int(group & 63)]) }
            index += min(3, remaining)
        }
        return String(decoding: out, as: UTF8.self)
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
