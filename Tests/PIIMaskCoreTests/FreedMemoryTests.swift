#if canImport(CMalloc)
import CMalloc
import Testing

@testable import PIIMaskCore

/// The Lambda loop's malloc tuning takes effect: glibc accepts it, and a large block is then
/// served from the heap rather than mapped on its own (which `free` would unmap at once).
@Suite("Freed memory")
struct FreedMemoryTests {
    @Test func largeBlocksComeFromTheHeapOnceKept() {
        #expect(FreedMemory.keep())
        // 24 MiB: above glibc's default mmap threshold (128 KiB, raised only by freeing mapped
        // blocks, up to 32 MiB), below the kept one (32 MiB).
        let mappedBefore = mallinfo2().hblks
        let block = malloc(24 << 20)
        defer { free(block) }
        #expect(block != nil)
        #expect(mallinfo2().hblks == mappedBefore)
    }
}
#endif
