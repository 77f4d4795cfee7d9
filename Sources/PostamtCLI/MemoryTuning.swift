/// glibc's allocator settings for a long-running server.
///
/// By default glibc hands the free top of every thread's heap back to the kernel as soon as
/// it passes 128 KiB (`madvise`), and the next message's allocations fault the same pages in
/// again; a profile of one session showed 3–4 % of the server's time in those faults and
/// the TLB flushes they cause. A server's working set comes back a moment later, so it is
/// kept: memory is still returned above 32 MiB of free heap.
enum MemoryTuning {
    static func applyForServer() {
        #if os(Linux)
        // M_TRIM_THRESHOLD from <malloc.h>, which Swift's Glibc module does not include.
        let trimThreshold: Int32 = -1
        _ = glibcMallopt(trimThreshold, 32 << 20)
        #endif
    }
}

#if os(Linux)
/// `int mallopt(int param, int value)` of glibc.
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
