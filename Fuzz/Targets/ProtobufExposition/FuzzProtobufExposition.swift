import Exposition
import FuzzDriver

/// libFuzzer entry point: one input, a protobuf scrape body. Parsing never crashes; every entry's accessors
/// (labels, native histogram) work or throw; an error names an offset inside the body.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let body = Array(UnsafeBufferPointer(start: data, count: size))
    var parser = ProtobufParser(body, classicHistograms: true)
    do {
        while let entry = try parser.next() {
            switch entry {
            case .series:
                precondition(!parser.labels().isEmpty, "a series without labels")
            case .histogram:
                _ = parser.labels()
                let h = try parser.nativeHistogram()
                precondition((-4...8).contains(h.schema), "schema \(h.schema) let through")
            case .help, .unit, .type:
                _ = parser.metricFamilyName
            }
        }
    } catch {
        precondition(error.byteOffset.map { $0 >= 0 && $0 <= size } == true, "offset outside the body: \(error)")
    }
    return 0
}

/// The executable's entry point (SwiftPM names it `<Module>_main`): libFuzzer's driver with `fuzz` as the target.
@_cdecl("FuzzProtobufExposition_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    sx_fuzz_main(argc, argv) { data, size in fuzz(data!, size) }
}
