/// A text decoded into folded scalars, each remembering where it sits in the original UTF-8 bytes.
///
/// Tokens carry byte offsets into the original, which is what FTS5 and the highlighter need.
public struct FoldedText: Sendable {
    /// Folded scalar values, one per original scalar.
    public var scalars: [UInt32]
    /// UTF-8 byte offset of each original scalar; `offsets[scalars.count]` is the end.
    public var offsets: [Int32]

    /// Decodes UTF-8 bytes (invalid sequences become U+FFFD, which is a separator) and folds them.
    public init(utf8 bytes: UnsafeBufferPointer<UInt8>, table: FoldTable = .shared) {
        scalars = []
        offsets = []
        scalars.reserveCapacity(bytes.count / 2)
        offsets.reserveCapacity(bytes.count / 2 + 1)
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            var value: UInt32
            var length: Int
            if lead < 0x80 {
                value = UInt32(lead)
                length = 1
            } else if lead & 0xE0 == 0xC0, index + 1 < count {
                value = (UInt32(lead & 0x1F) << 6) | UInt32(bytes[index + 1] & 0x3F)
                length = 2
            } else if lead & 0xF0 == 0xE0, index + 2 < count {
                value = (UInt32(lead & 0x0F) << 12) | (UInt32(bytes[index + 1] & 0x3F) << 6) | UInt32(bytes[index + 2] & 0x3F)
                length = 3
            } else if lead & 0xF8 == 0xF0, index + 3 < count {
                value = (UInt32(lead & 0x07) << 18) | (UInt32(bytes[index + 1] & 0x3F) << 12)
                    | (UInt32(bytes[index + 2] & 0x3F) << 6) | UInt32(bytes[index + 3] & 0x3F)
                length = 4
            } else {
                value = 0xFFFD
                length = 1
            }
            offsets.append(Int32(index))
            scalars.append(table.fold(value))
            index += length
        }
        offsets.append(Int32(count))
    }

    /// Decodes and folds a Swift string.
    public init(_ string: String, table: FoldTable = .shared) {
        var copy = string
        self = copy.withUTF8 { FoldedText(utf8: $0, table: table) }
    }

    /// The folded text as a string (same number of scalars as the original).
    public var string: String {
        var result = String.UnicodeScalarView()
        for value in scalars { result.append(Unicode.Scalar(value) ?? "\u{FFFD}") }
        return String(result)
    }
}
