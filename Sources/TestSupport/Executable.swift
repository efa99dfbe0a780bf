public import Foundation

/// Runs the built `xinqiao` binary as a real process, for end-to-end checks of exit codes, standard
/// error and crash safety.
public enum Executable {
    /// The `xinqiao` binary next to the test bundle (`.build/<config>/xinqiao`).
    public static var url: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("xinqiao")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return Repository.root.appendingPathComponent(".build/debug/xinqiao")
    }

    /// What a finished run printed and how it exited.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs `xinqiao arguments…` to completion with optional standard input.
    public static func run(_ arguments: [String], stdin: String? = nil, cwd: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if let cwd { process.currentDirectoryURL = cwd }
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A running `xinqiao` with its standard input and output on pipes, for line-by-line protocols
    /// (`search --batch`, `chat --batch`): write a line, read the answer while input stays open.
    public final class Session {
        public let process = Process()
        private let input = Pipe()
        private let output = Pipe()

        public init(_ arguments: [String], cwd: URL? = nil) throws {
            process.executableURL = Executable.url
            process.arguments = arguments
            if let cwd { process.currentDirectoryURL = cwd }
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        deinit { if process.isRunning { process.terminate() } }

        /// Writes raw bytes to the process's standard input.
        public func write(_ data: Data) { input.fileHandleForWriting.write(data) }

        /// Reads standard output until a line ends (or `timeout` passes), without closing the input.
        public func readLine(timeout: TimeInterval = 20) -> String {
            var received = Data()
            let deadline = Date().addingTimeInterval(timeout)
            while !received.contains(0x0A) && Date() < deadline {
                received.append(output.fileHandleForReading.availableData)
            }
            return String(decoding: received, as: UTF8.self)
        }

        /// Closes standard input, reads the rest of the output and waits for the exit status.
        public func finish() throws -> (status: Int32, stdout: String) {
            try input.fileHandleForWriting.close()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
    }

    /// Starts `xinqiao arguments…` without waiting; the caller kills or waits for it.
    public static func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}
