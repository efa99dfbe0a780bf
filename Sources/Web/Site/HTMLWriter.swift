import NIOCore

/// Writes HTML straight into the response's bytes: markup the code spells out (`raw`) and text from
/// anywhere else (`text`), escaped byte by byte (`&`, `<`, `>`, `"`, `'`), so nothing a user or the
/// library wrote can become markup.
///
/// The layout and the two busiest pages (home, search) are written with it; the Mustache templates
/// render the other pages' content. Under load, Mustache's look-ups through `Any` and per-character
/// escaping were a third of the search page's CPU time.
///
/// ```swift
/// var html = HTMLWriter()
/// html.raw("<li><a href=\"")
/// html.text(href)
/// html.raw("\">")
/// html.text(title)
/// html.raw("</a></li>")
/// ```
struct HTMLWriter {
    private(set) var buffer: ByteBuffer

    init(capacity: Int = 16_384) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    /// Markup written by this code base (never text from a user or the library).
    mutating func raw(_ markup: StaticString) {
        markup.withUTF8Buffer { _ = buffer.writeBytes($0) }
    }

    /// Markup made elsewhere and already safe (a sanitised snippet, a rendered template).
    mutating func trusted(_ html: String) {
        buffer.writeString(html)
    }

    /// Bytes of safe markup (the page's style sheet, cached fragments).
    mutating func trusted(_ bytes: [UInt8]) {
        buffer.writeBytes(bytes)
    }

    /// Text, escaped for element content and quoted attribute values.
    mutating func text(_ value: String) {
        var value = value
        value.withUTF8 { bytes in
            var start = 0
            for index in 0..<bytes.count {
                let entity: StaticString
                switch bytes[index] {
                case UInt8(ascii: "&"): entity = "&amp;"
                case UInt8(ascii: "<"): entity = "&lt;"
                case UInt8(ascii: ">"): entity = "&gt;"
                case UInt8(ascii: "\""): entity = "&quot;"
                case UInt8(ascii: "'"): entity = "&#39;"
                default: continue
                }
                if start < index { buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[start..<index])) }
                raw(entity)
                start = index + 1
            }
            if start < bytes.count { buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[start...])) }
        }
    }

    /// An integer as text.
    mutating func number(_ value: Int) {
        buffer.writeString(String(value))
    }

    /// What has been written, as a string (for tests and for content put into a template).
    var string: String { String(buffer: buffer) }
}
