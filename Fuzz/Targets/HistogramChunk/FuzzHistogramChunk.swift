import FuzzDriver
@_spi(Fuzzing) import TSDB

/// libFuzzer entry point: one input, a mode byte (0 float, else integer histogram chunk) and the chunk bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    TSDBFuzzing.histogramChunk(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

/// The executable's entry point (SwiftPM names it `<Module>_main`): libFuzzer's driver with `fuzz` as the target.
@_cdecl("FuzzHistogramChunk_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    sx_fuzz_main(argc, argv) { data, size in fuzz(data!, size) }
}
