import Foundation

/// Runs the built `sextant` binary as a subprocess to completion, for tests of its tool subcommands.
public enum SextantCLI {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs `sextant args…` and collects its output; throws if the binary is missing.
    public static func run(_ args: [String], currentDirectory: String? = nil) throws -> Result {
        guard let binary = SextantServer.binaryPath else {
            throw PeerProcess.StartError(description: "sextant binary not found; run `swift build` first")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        if let currentDirectory { p.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Read both pipes concurrently with the child so a full pipe never blocks it.
        let errData = DataHandOff()
        let t = Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
        t.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let errBytes = errData.wait()
        return Result(
            status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errBytes, as: UTF8.self))
    }
}

/// A one-shot hand-over of the stderr bytes from the reader thread.
final class DataHandOff: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()
    func set(_ d: Data) {
        data = d
        done.signal()
    }
    func wait() -> Data {
        done.wait()
        return data
    }
}
