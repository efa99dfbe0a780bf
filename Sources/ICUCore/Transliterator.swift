@_implementationOnly import CICU

/// An ICU transliterator such as `Traditional-Simplified`.
///
/// `Traditional-Simplified` keeps the UTF-16 length of its input (checked on ICU 72), which is what
/// lets the search engine fold text and still point highlights into the original. Not thread-safe;
/// the handle is closed in `deinit`.
public final class Transliterator {
    private let handle: UnsafeMutableRawPointer

    /// Opens the transliterator with the given ICU id.
    public init(id: String) throws(ICUError) {
        var status = U_ZERO_ERROR
        let idUnits = Array(id.utf16)
        let opened = idUnits.withUnsafeBufferPointer { buffer in
            cicu_utrans_open(buffer.baseAddress, Int32(buffer.count), &status)
        }
        guard let opened, !status.isFailure else { throw ICUError(status) }
        handle = UnsafeMutableRawPointer(opened)
    }

    private var typed: UnsafeMutablePointer<UTransliterator?> { handle.assumingMemoryBound(to: UTransliterator?.self) }

    deinit { cicu_utrans_close(typed) }

    /// Transliterates UTF-16 text; the result may differ in length for transforms other than
    /// `Traditional-Simplified`.
    public func transliterate(_ utf16: [UInt16]) throws(ICUError) -> [UInt16] {
        guard !utf16.isEmpty else { return [] }
        var capacity = utf16.count * 2 + 16
        while true {
            var buffer = utf16 + [UInt16](repeating: 0, count: capacity - utf16.count)
            var length = Int32(utf16.count)
            var status = U_ZERO_ERROR
            buffer.withUnsafeMutableBufferPointer { pointer in
                cicu_utrans_transUChars(typed, pointer.baseAddress, &length, Int32(capacity), &status)
            }
            if status == U_BUFFER_OVERFLOW_ERROR {
                capacity = Int(length) + 16
                continue
            }
            if status.isFailure { throw ICUError(status) }
            return Array(buffer[0..<Int(length)])
        }
    }
}
