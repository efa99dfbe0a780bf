@_implementationOnly import CICU

/// An ICU call that failed, with ICU's own error name (`U_ILLEGAL_ARGUMENT_ERROR` …).
///
/// ICUCore imports no Foundation: on Linux, Foundation carries its own ICU whose C types conflict with
/// the system library's, so this module exposes only Swift standard-library types.
public struct ICUError: Error, Equatable, Sendable, CustomStringConvertible {
    /// ICU's name for the error code.
    public let name: String
    /// The raw `UErrorCode` value.
    public let code: Int32

    init(_ status: UErrorCode) {
        self.code = status.rawValue
        self.name = String(cString: cicu_errorName(status))
    }

    public var description: String { "icu error \(name)" }
}

/// Facts about the linked ICU library.
public enum ICU {
    /// The version of the system ICU, such as `72.1`.
    public static var version: String {
        var parts = [UInt8](repeating: 0, count: 4)
        cicu_getVersion(&parts)
        return "\(parts[0]).\(parts[1])"
    }
}

extension UErrorCode {
    var isFailure: Bool { cicu_isFailure(self) != 0 }
}
