@_implementationOnly import CICU

/// ICU's dictionary-based word break (`UBRK_WORD`) over UTF-16 text.
///
/// A `UBreakIterator` is not thread-safe, so each instance must be used by one thread at a time;
/// callers keep a pool. The handle is closed in `deinit`.
public final class WordBreaker {
    /// One segment between two ICU boundaries, in UTF-16 offsets.
    public struct Segment: Equatable, Sendable {
        /// Start offset (UTF-16 code units).
        public var start: Int
        /// End offset, exclusive.
        public var end: Int
        /// ICU rule status: below 100 for spaces and punctuation, 100–199 numbers, 200–299 letters,
        /// 300–399 kana, 400–499 ideographs.
        public var ruleStatus: Int32
        /// Whether ICU classified the segment as a word (status ≥ `UBRK_WORD_NONE_LIMIT`).
        public var isWord: Bool { ruleStatus >= 100 }
    }

    private let handle: OpaquePointer
    private var text: [UInt16] = [0]

    /// Opens a word break iterator for `locale` (`zh` uses ICU's CJK dictionary).
    public init(locale: String = "zh") throws(ICUError) {
        var status = U_ZERO_ERROR
        guard let handle = cicu_ubrk_openWord(locale, nil, 0, &status), !status.isFailure else {
            throw ICUError(status)
        }
        self.handle = handle
    }

    deinit { cicu_ubrk_close(handle) }

    /// Splits UTF-16 text into segments; every code unit belongs to exactly one segment.
    public func segments(_ utf16: [UInt16]) throws(ICUError) -> [Segment] {
        guard !utf16.isEmpty else { return [] }
        // ICU keeps a pointer to the text until the next setText, so the buffer is owned by self.
        text = utf16
        var status = U_ZERO_ERROR
        text.withUnsafeBufferPointer { buffer in
            cicu_ubrk_setText(handle, buffer.baseAddress, Int32(buffer.count), &status)
        }
        if status.isFailure { throw ICUError(status) }
        var result: [Segment] = []
        result.reserveCapacity(utf16.count / 2 + 1)
        var start = Int(cicu_ubrk_first(handle))
        let done = cicu_UBRK_DONE()
        while true {
            let end = cicu_ubrk_next(handle)
            if end == done { break }
            result.append(Segment(start: start, end: Int(end), ruleStatus: cicu_ubrk_getRuleStatus(handle)))
            start = Int(end)
        }
        return result
    }
}
