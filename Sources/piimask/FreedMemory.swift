#if canImport(Glibc)
import Glibc
#endif

/// glibc's malloc tuning for the Lambda loop, behind one call: the tool's only use of `dlsym`
/// and of a cast to a C function pointer.
enum FreedMemory {
    /// Keeps freed memory in the process between invocations.
    ///
    /// Every invocation allocates and frees buffers of the event's size (the received event, the
    /// request body of the response), 1.5 MB each for a 1 MiB event. By default glibc gives such
    /// blocks back to the kernel (large blocks are unmapped, the heap top is trimmed), and the
    /// next invocation then takes page faults on fresh zeroed pages: measured 400-800 faults, a
    /// few tenths of a millisecond, in about one invocation out of three. With the mmap and trim
    /// thresholds above any event, freed pages stay and are reused warm. The function's process is
    /// alone in its sandbox, and its heap peaks at a few times the largest event either way.
    static func keep() {
        #if canImport(Glibc)
        // `mallopt` is declared in <malloc.h>, which the Glibc module does not include.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }  // nil: RTLD_DEFAULT
        // SAFETY: glibc's mallopt has exactly this C signature: int mallopt(int, int).
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3  // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD
        _ = mallopt(mmapThreshold, 32 << 20)  // the largest value glibc accepts
        _ = mallopt(trimThreshold, Int32.max)
        #endif
    }
}
