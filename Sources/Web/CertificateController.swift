import App
import Foundation
import Hummingbird
import Learning
import OutreachCore

/// `GET /certificates/{code}`: a printable certificate, found by its verify code.
struct CertificateController {
    let site: Site
    var core: App { site.core }

    func register(on router: Router<AppRequestContext>) {
        router.get("/certificates/:code") { request, context in
            let code = try context.parameters.require("code")
            guard code.count <= 20, let certificate = try await core.learning.verifyCertificate(code: code) else {
                throw PageError.notFound("没有找到这个验证码对应的证书，请核对后再试。")
            }
            let course = try await core.learning.courses().first { $0.id.rawValue == certificate.course }
            let name = try await core.accounts.account(id: certificate.account).map { $0.name.isEmpty ? "家长" : $0.name } ?? "家长"
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = .beijing
            let day = calendar.dateComponents([.year, .month, .day], from: certificate.issuedAt)
            return try await site.page(
                "certificate", title: "结业证书", request, context,
                [
                    "name": name, "course": course?.title ?? certificate.course, "code": certificate.code,
                    "issued": "\(day.year!)年\(day.month!)月\(day.day!)日",
                ])
        }
    }
}
