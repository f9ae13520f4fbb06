// Why this file exists
//
// The JSON loop needs, for every string value, where it ends and how many digits, capital letters
// and trigger bytes it has. Classifying a record's bytes first, 32 at a time, and reading each
// value's counts from bit masks is cheaper than a table load per byte. Swift has no per-function
// target attributes, so the AVX2 kernel lives here, chosen at run time; the SSE2 kernel is the
// x86-64 baseline; the byte loop serves other architectures and is the tests' reference.

#include "CByteClass.h"

#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

/// One 64-byte block, byte by byte.
static void block_portable(const uint8_t *p, const uint8_t *triggers, uint64_t *out) {
    uint64_t stop = 0, digit = 0, upper = 0, trigger = 0;
    for (unsigned i = 0; i < 64; i++) {
        uint8_t byte = p[i];
        uint64_t bit = (uint64_t)1 << i;
        if (byte == '"' || byte == '\\' || byte < 0x20) stop |= bit;
        if ((uint8_t)(byte - '0') < 10) digit |= bit;
        if ((uint8_t)(byte - 'A') < 26) upper |= bit;
        if (byte == triggers[0] || byte == triggers[1] || byte == triggers[2] || byte == triggers[3]) trigger |= bit;
    }
    out[0] = stop;
    out[1] = digit;
    out[2] = upper;
    out[3] = trigger;
}

/// Runs `BLOCK` over the whole 64-byte blocks of `bytes`, then over the tail copied into a zeroed
/// block (a zero byte is a stop byte and nothing else, so the positions past the end are stops).
#define CLASSIFY_BLOCKS(BLOCK, bytes, count, triggers, words) \
    do { \
        size_t block_ = 0; \
        uint64_t *out_ = (words); \
        for (; block_ + 64 <= (count); block_ += 64, out_ += 4) BLOCK((bytes) + block_, triggers, out_); \
        uint8_t tail_[64] = {0}; \
        if ((count) > block_) memcpy(tail_, (bytes) + block_, (count) - block_); \
        BLOCK(tail_, triggers, out_); \
    } while (0)

static void classify_portable(const uint8_t *bytes, size_t count, const uint8_t triggers[4], uint64_t *words) {
    CLASSIFY_BLOCKS(block_portable, bytes, count, triggers, words);
}

#if defined(__x86_64__)

/// One 64-byte block, sixteen bytes a compare (SSE2: `x < 0x20` as `min(x, 0x1F) == x`).
static inline void block_sse2(const uint8_t *p, const __m128i *triggers, uint64_t *out) {
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), control = _mm_set1_epi8(0x1F);
    const __m128i zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9);
    const __m128i capital_a = _mm_set1_epi8('A'), letters = _mm_set1_epi8(25);
    uint64_t stop = 0, digit = 0, upper = 0, trigger = 0;
    for (unsigned lane = 0; lane < 4; lane++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + 16 * lane));
        __m128i s = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                                 _mm_cmpeq_epi8(_mm_min_epu8(v, control), v));
        __m128i d = _mm_sub_epi8(v, zero);
        __m128i u = _mm_sub_epi8(v, capital_a);
        __m128i t = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, triggers[0]), _mm_cmpeq_epi8(v, triggers[1])),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, triggers[2]), _mm_cmpeq_epi8(v, triggers[3])));
        unsigned shift = 16 * lane;
        stop |= (uint64_t)(uint16_t)_mm_movemask_epi8(s) << shift;
        digit |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(d, nine), d)) << shift;
        upper |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(u, letters), u)) << shift;
        trigger |= (uint64_t)(uint16_t)_mm_movemask_epi8(t) << shift;
    }
    out[0] = stop;
    out[1] = digit;
    out[2] = upper;
    out[3] = trigger;
}

/// One 64-byte block, thirty-two bytes a compare.
__attribute__((target("avx2")))
static inline void block_avx2(const uint8_t *p, const __m256i *triggers, uint64_t *out) {
    const __m256i quote = _mm256_set1_epi8('"'), backslash = _mm256_set1_epi8('\\'), control = _mm256_set1_epi8(0x1F);
    const __m256i zero = _mm256_set1_epi8('0'), nine = _mm256_set1_epi8(9);
    const __m256i capital_a = _mm256_set1_epi8('A'), letters = _mm256_set1_epi8(25);
    uint64_t stop = 0, digit = 0, upper = 0, trigger = 0;
    for (unsigned half = 0; half < 2; half++) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(p + 32 * half));
        __m256i s = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v, quote), _mm256_cmpeq_epi8(v, backslash)),
                                    _mm256_cmpeq_epi8(_mm256_min_epu8(v, control), v));
        __m256i d = _mm256_sub_epi8(v, zero);
        __m256i u = _mm256_sub_epi8(v, capital_a);
        __m256i t = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v, triggers[0]), _mm256_cmpeq_epi8(v, triggers[1])),
                                    _mm256_or_si256(_mm256_cmpeq_epi8(v, triggers[2]), _mm256_cmpeq_epi8(v, triggers[3])));
        unsigned shift = 32 * half;
        stop |= (uint64_t)(uint32_t)_mm256_movemask_epi8(s) << shift;
        digit |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_min_epu8(d, nine), d)) << shift;
        upper |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_min_epu8(u, letters), u)) << shift;
        trigger |= (uint64_t)(uint32_t)_mm256_movemask_epi8(t) << shift;
    }
    out[0] = stop;
    out[1] = digit;
    out[2] = upper;
    out[3] = trigger;
}

__attribute__((target("avx2")))
static void classify_avx2(const uint8_t *bytes, size_t count, const uint8_t triggers[4], uint64_t *words) {
    const __m256i vectors[4] = {_mm256_set1_epi8((char)triggers[0]), _mm256_set1_epi8((char)triggers[1]),
                                _mm256_set1_epi8((char)triggers[2]), _mm256_set1_epi8((char)triggers[3])};
    CLASSIFY_BLOCKS(block_avx2, bytes, count, vectors, words);
}

static void classify_sse2(const uint8_t *bytes, size_t count, const uint8_t triggers[4], uint64_t *words) {
    const __m128i vectors[4] = {_mm_set1_epi8((char)triggers[0]), _mm_set1_epi8((char)triggers[1]),
                                _mm_set1_epi8((char)triggers[2]), _mm_set1_epi8((char)triggers[3])};
    CLASSIFY_BLOCKS(block_sse2, bytes, count, vectors, words);
}

/// Whether the processor runs AVX2 and the system saves its registers (OSXSAVE, XCR0's SSE and
/// AVX state bits).
static int has_avx2(void) {
    unsigned eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & bit_OSXSAVE) || !(ecx & bit_AVX)) return 0;
    unsigned xcr0_low, xcr0_high;
    __asm__("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    if ((xcr0_low & 6) != 6) return 0;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    return (ebx & bit_AVX2) != 0;
}

typedef void (*classify_function)(const uint8_t *, size_t, const uint8_t[4], uint64_t *);

void piimask_classify(const uint8_t *bytes, size_t count, const uint8_t triggers[4], uint64_t *words) {
    // Chosen on the first call; a race only makes two threads choose the same.
    static classify_function chosen = 0;
    classify_function function = __atomic_load_n(&chosen, __ATOMIC_RELAXED);
    if (!function) {
        function = has_avx2() ? classify_avx2 : classify_sse2;
        __atomic_store_n(&chosen, function, __ATOMIC_RELAXED);
    }
    function(bytes, count, triggers, words);
}

int piimask_classify_with(piimask_classify_kernel kernel, const uint8_t *bytes, size_t count, const uint8_t triggers[4],
                          uint64_t *words) {
    switch (kernel) {
    case PIIMASK_CLASSIFY_PORTABLE: classify_portable(bytes, count, triggers, words); return 1;
    case PIIMASK_CLASSIFY_SSE2: classify_sse2(bytes, count, triggers, words); return 1;
    case PIIMASK_CLASSIFY_AVX2:
        if (!has_avx2()) return 0;
        classify_avx2(bytes, count, triggers, words);
        return 1;
    }
    return 0;
}

#else

void piimask_classify(const uint8_t *bytes, size_t count, const uint8_t triggers[4], uint64_t *words) {
    classify_portable(bytes, count, triggers, words);
}

int piimask_classify_with(piimask_classify_kernel kernel, const uint8_t *bytes, size_t count, const uint8_t triggers[4],
                          uint64_t *words) {
    if (kernel != PIIMASK_CLASSIFY_PORTABLE) return 0;
    classify_portable(bytes, count, triggers, words);
    return 1;
}

#endif
