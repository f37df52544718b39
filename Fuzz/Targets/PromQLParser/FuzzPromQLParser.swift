import FuzzDriver
import PromQL

/// libFuzzer entry point: one input, a PromQL query. Parsing never crashes; a query that parses prints to a
/// query that parses to the same printed form and type.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let query = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let options = ParserOptions(enableExperimentalFunctions: true)
    guard let expr = try? parseExpr(query, options: options) else { return 0 }
    let printed = expr.description
    guard let again = try? parseExpr(printed, options: options) else {
        fatalError("printed query does not parse: \(query) → \(printed)")
    }
    precondition(again.description == printed, "printing is not stable: \(printed) → \(again.description)")
    precondition(again.type == expr.type, "type changed by printing: \(printed)")
    return 0
}

/// The executable's entry point (SwiftPM names it `<Module>_main`): libFuzzer's driver with `fuzz` as the target.
@_cdecl("FuzzPromQLParser_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    sx_fuzz_main(argc, argv) { data, size in fuzz(data!, size) }
}
