#if canImport(CMalloc)
import CMalloc
#endif

/// glibc's malloc tuning for the Lambda loop (`piimask lambda`), behind one call.
public enum FreedMemory {
    /// Keeps freed memory in the process between invocations.
    ///
    /// Every invocation allocates and frees buffers of the event's size (the received event, the
    /// request body of the response), 1.5 MB each for a 1 MiB event. By default glibc gives such
    /// blocks back to the kernel (large blocks are unmapped, the heap top is trimmed), and the
    /// next invocation then takes page faults on fresh zeroed pages: measured 400-800 faults, a
    /// few tenths of a millisecond, in about one invocation out of three. With the mmap and trim
    /// thresholds above any event, freed pages stay and are reused warm. The function's process is
    /// alone in its sandbox, and its heap peaks at a few times the largest event either way.
    ///
    /// A direct call (the `CMalloc` module), not `dlsym`: in the static executable of `make build`
    /// `dlsym` finds nothing, and the tuning was silently skipped.
    ///
    /// - Returns: whether glibc accepted both settings (false where there is no glibc).
    @discardableResult
    public static func keep() -> Bool {
        #if canImport(CMalloc)
        let mmapAccepted = mallopt(M_MMAP_THRESHOLD, 32 << 20)  // the largest value glibc accepts
        let trimAccepted = mallopt(M_TRIM_THRESHOLD, Int32.max)
        return mmapAccepted == 1 && trimAccepted == 1
        #else
        return false
        #endif
    }
}
