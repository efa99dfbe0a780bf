import Knowledge

/// The frame of every HTML page: the style sheet, the crisis banner with the reader's hotlines (first
/// in the page, before the navigation), the brand, who is signed in with the sign-out form, the
/// role-aware navigation, the flash message, the page's content, and the text-size toggle.
///
/// Written with `HTMLWriter` rather than a template: it wraps every page, and rendering it through
/// Mustache cost more than the home page's own work.
struct PageLayout: Sendable {
    /// The style sheet (`Resources/Static/site.css`), inlined into every page: one request per page,
    /// and the site's content security policy allows no other origin.
    let styleSheet: [UInt8]

    /// What the frame shows around a page's content.
    struct Frame {
        var title: String
        var hotlines: [Hotline]
        /// The signed-in reader's display name and role, or nil for a guest.
        var account: (name: String, role: String)?
        /// The CSRF token for the sign-out and text-size forms; empty on error pages (no forms there).
        var csrf = ""
        var largeText = false
        /// The navigation, or nil on error pages (no navigation, no sign-in link).
        var navigation: [Site.NavItem]?
        /// The path being shown, so the navigation marks where the reader is.
        var here = "/"
        var flash: String?
    }

    /// The whole page: `frame` around `content` (already safe HTML).
    func render(_ frame: Frame, content: (inout HTMLWriter) -> Void) -> HTMLWriter {
        var html = HTMLWriter()
        html.raw("<!DOCTYPE html>\n<html lang=\"zh-CN\"")
        if frame.largeText { html.raw(" class=\"large-text\"") }
        html.raw(">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
        html.text(frame.title)
        html.raw(" · 心桥</title>\n<style>\n")
        html.trusted(styleSheet)
        html.raw("</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">跳到正文</a>\n")
        banner(frame.hotlines, into: &html)
        html.raw("<header>\n<div class=\"topbar\">\n<a class=\"brand\" href=\"/\">心桥</a>\n<div class=\"who\">\n")
        if let account = frame.account {
            html.raw("<span>")
            html.text(account.name)
            html.raw("（")
            html.text(account.role)
            html.raw("）</span>\n<form class=\"inline\" method=\"post\" action=\"/logout\">")
            Self.csrfField(frame.csrf, into: &html)
            html.raw("<button class=\"link\" type=\"submit\">退出登录</button></form>")
        } else if frame.navigation != nil {
            html.raw("<a href=\"/login\">登录</a>")
        }
        html.raw("\n</div>\n</div>\n")
        if let navigation = frame.navigation {
            html.raw("<nav aria-label=\"主导航\"><ul>")
            for item in navigation {
                let current = item.href == "/" ? frame.here == "/" : (frame.here == item.href || frame.here.hasPrefix(item.href + "/"))
                html.raw("<li><a href=\"")
                html.text(item.href)
                html.raw("\"")
                if current { html.raw(" aria-current=\"page\"") }
                html.raw(">")
                html.text(item.label)
                html.raw("</a></li>")
            }
            html.raw("</ul></nav>")
        }
        html.raw("\n</header>\n<main id=\"main\">\n")
        if let flash = frame.flash, !flash.isEmpty {
            html.raw("<p class=\"flash\" role=\"status\">")
            html.text(flash)
            html.raw("</p>\n")
        }
        content(&html)
        html.raw("\n</main>\n<footer>\n")
        if !frame.csrf.isEmpty {
            html.raw("<form method=\"post\" action=\"/settings/text-size\">")
            Self.csrfField(frame.csrf, into: &html)
            html.raw("<input type=\"hidden\" name=\"back\" value=\"")
            html.text(frame.here)
            html.raw("\">\n")
            if frame.largeText {
                html.raw("<input type=\"hidden\" name=\"size\" value=\"normal\"><button class=\"secondary\" type=\"submit\">恢复标准字号</button>\n")
            } else {
                html.raw("<input type=\"hidden\" name=\"size\" value=\"large\"><button class=\"secondary\" type=\"submit\">大字模式（适合长辈）</button>\n")
            }
            html.raw("</form>\n")
        }
        html.raw("<p>心桥 XinQiao · 连接学校、家庭与社区的儿童青少年心理健康宣传教育平台</p>\n</footer>\n</body>\n</html>\n")
        return html
    }

    /// The crisis banner: the reader's hotlines, or 110 / 120 when none could be read.
    private func banner(_ hotlines: [Hotline], into html: inout HTMLWriter) {
        html.raw("<div class=\"crisis\" role=\"region\" aria-label=\"紧急求助\">\n<strong>需要帮助？</strong>\n")
        if hotlines.isEmpty {
            html.raw("如果您或孩子正处在危险中，请立即拨打 <a href=\"tel:110\">110</a> 或 <a href=\"tel:120\">120</a>。")
        }
        for line in hotlines {
            html.raw("<span><a href=\"tel:")
            html.text(line.number)
            html.raw("\">")
            html.text(line.number)
            html.raw("</a> ")
            html.text(line.name)
            html.raw("</span>")
        }
        html.raw("\n</div>\n")
    }

    /// The hidden CSRF field every form carries (the `csrf` partial of the templates).
    static func csrfField(_ token: String, into html: inout HTMLWriter) {
        html.raw("<input type=\"hidden\" name=\"_csrf\" value=\"")
        html.text(token)
        html.raw("\">")
    }

    /// The crisis help a page puts first when a free-text answer or a query signals a crisis (the
    /// `crisisHelp` lines from `Site.crisisHelp`).
    static func helpFirst(_ lines: [String], into html: inout HTMLWriter) {
        html.raw("<section class=\"help-first\" role=\"alert\" aria-labelledby=\"help-first-title\">\n<h2 id=\"help-first-title\">请先看这里：现在就可以求助</h2>\n")
        for line in lines {
            html.raw("<p>")
            html.text(line)
            html.raw("</p>")
        }
        html.raw("\n</section>")
    }
}
