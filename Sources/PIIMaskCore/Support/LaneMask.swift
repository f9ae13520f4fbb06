#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// The lanes of a 16-byte vector compare as the low 16 bits of a word, lane 0 in bit 0.
///
/// Swift's SIMD types have no mask-to-bits operation. On x86-64 it is one `pmovmskb` (SSE2, from
/// clang's intrinsics module, inlined); elsewhere each 8-lane half is gathered with a multiply.
enum LaneMask {
    @inline(__always)
    static func bits(_ mask: SIMDMask<SIMD16<Int8>>) -> UInt64 {
        #if arch(x86_64)
        UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(unsafeBitCast(mask, to: SIMD2<Int64>.self))))
        #else
        portableBits(mask)
        #endif
    }

    /// `bits` without the intrinsic: each 8-lane half's high bits gathered by a multiply (each
    /// mask lane is 0x00 or 0xFF). The other architectures' path, and the x86-64 path's reference.
    @inline(__always)
    static func portableBits(_ mask: SIMDMask<SIMD16<Int8>>) -> UInt64 {
        func highBits(_ word: UInt64) -> UInt64 { ((word & 0x8080_8080_8080_8080) &* 0x0002_0408_1020_4081) >> 56 }
        let words = unsafeBitCast(mask, to: SIMD2<UInt64>.self)
        return highBits(UInt64(littleEndian: words[0])) | highBits(UInt64(littleEndian: words[1])) << 8
    }
}
