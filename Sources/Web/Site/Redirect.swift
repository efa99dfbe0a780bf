import Foundation
import HTTPTypes
import Hummingbird

/// A `303 See Other` to a page of this site, optionally with a one-time message shown at the top of the
/// next page (`flash`; `WebSessionMiddleware` turns it into a signed cookie). Use it after every
/// successful form POST (post/redirect/get), so a reload never submits twice.
struct Redirect: ResponseGenerator {
    /// Carries the flash from the handler to `WebSessionMiddleware`; never leaves the server.
    static let flashHeader = HTTPField.Name("x-xinqiao-flash")!

    let location: String
    let flash: String?
    private static let allowed = CharacterSet(
        charactersIn: "!#$%&'()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]_abcdefghijklmnopqrstuvwxyz~")

    /// `location` must be a path of this site; anything else (`//evil`, `https://…`) goes to `/`.
    init(to location: String, flash: String? = nil) {
        // Non-ASCII (a Chinese query in `next=`) is percent-encoded: header values are ASCII.
        self.location = (Self.localPath(location) ?? "/").addingPercentEncoding(withAllowedCharacters: Self.allowed) ?? "/"
        self.flash = flash
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = Response(status: .seeOther, headers: [.location: location])
        if let flash { response.headers[Self.flashHeader] = flash.addingPercentEncoding(withAllowedCharacters: .alphanumerics) }
        return response
    }

    /// `path` if it is a path on this site (`/…`, not `//…` or `/\…`, no control characters), else nil.
    /// For `next=` and `back=` parameters that come from the browser.
    static func localPath(_ path: String?) -> String? {
        guard let path, path.hasPrefix("/"), !path.hasPrefix("//"), !path.hasPrefix("/\\"), path.utf8.count <= 1_000,
            !path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        else { return nil }
        return path
    }
}
