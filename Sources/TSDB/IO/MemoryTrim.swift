#if canImport(Glibc)
import Glibc
#endif

/// Returns free heap memory to the operating system after a large transient allocation (WAL replay, cutting a
/// block and writing the WAL checkpoint), through glibc's `malloc_trim` when the C library has it.
///
/// glibc keeps freed memory in its arenas; after a compaction had materialised a block's worth of chunks and
/// checkpoint records, the server's resident size stayed at its peak although the live heap was far smaller.
/// Looked up with `dlsym` because the Swift Glibc module does not export `malloc.h`.
enum MemoryTrim {
    private typealias TrimFunction = @convention(c) (Int) -> Int32

    static func releaseFreeMemory() {
        #if canImport(Glibc)
        guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(sym, to: TrimFunction.self)(0)
        #endif
    }
}
