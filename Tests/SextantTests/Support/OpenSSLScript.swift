import Foundation
import Testing

/// Runs a shell script of `openssl` commands that makes test certificates; fails the test with its output when
/// it exits non-zero.
func runOpenSSLScript(_ script: String) throws {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/sh")
    p.arguments = ["-c", script]
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = pipe
    try p.run()
    let out = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    try #require(p.terminationStatus == 0, "openssl failed:\n\(String(decoding: out, as: UTF8.self))")
}
