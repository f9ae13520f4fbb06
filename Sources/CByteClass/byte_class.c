// Why this file exists
//
// The JSON loop needs, for every string value, where it ends and how many digits, capital letters
// and trigger bytes it has. Classifying a record's bytes first, 32 at a time, and reading each
// value's counts from bit masks is cheaper than a table load per byte, but only with AVX2: an
// SSE2 kernel measured slower than the byte loop (3 instructions a byte against 1.2). Swift has
// no per-function target attributes, so the kernel lives here, and the processor is checked at
// run time; elsewhere the JSON loop keeps its byte loop.

#include "CByteClass.h"

#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

/// One 64-byte block (`x < 0x20` as `min(x, 0x1F) == x`, AVX2 having no unsigned compare).
__attribute__((target("avx2")))
static inline void classify_block(const uint8_t *p, const __m256i triggers[4], uint64_t *out) {
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

/// Whether the processor runs AVX2 and the system saves its registers (OSXSAVE, and XCR0's SSE
/// and AVX state bits).
static int has_avx2(void) {
    unsigned eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & bit_OSXSAVE) || !(ecx & bit_AVX)) return 0;
    unsigned xcr0_low, xcr0_high;
    __asm__("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    if ((xcr0_low & 6) != 6) return 0;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    return (ebx & bit_AVX2) != 0;
}

int piimask_classify_available(void) {
    // Checked on the first call; a race only makes two threads check alike.
    static int known = -1;
    int available = __atomic_load_n(&known, __ATOMIC_RELAXED);
    if (available < 0) {
        available = has_avx2();
        __atomic_store_n(&known, available, __ATOMIC_RELAXED);
    }
    return available;
}

__attribute__((target("avx2")))
void piimask_classify(const uint8_t *bytes, size_t count, const uint8_t triggers[4], uint64_t *words) {
    const __m256i vectors[4] = {_mm256_set1_epi8((char)triggers[0]), _mm256_set1_epi8((char)triggers[1]),
                                _mm256_set1_epi8((char)triggers[2]), _mm256_set1_epi8((char)triggers[3])};
    size_t block = 0;
    for (; block + 64 <= count; block += 64, words += 4) classify_block(bytes + block, vectors, words);
    // The tail, copied into a zeroed block: a zero byte is a stop byte and nothing else, so the
    // positions past the end are stops.
    uint8_t tail[64] = {0};
    if (count > block) memcpy(tail, bytes + block, count - block);
    classify_block(tail, vectors, words);
}

#else

int piimask_classify_available(void) { return 0; }

void piimask_classify(const uint8_t *bytes, size_t count, const uint8_t triggers[4], uint64_t *words) {
    (void)bytes, (void)count, (void)triggers, (void)words;
    abort();  // Never called: `piimask_classify_available()` is 0.
}

#endif
