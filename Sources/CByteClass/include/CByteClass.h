#ifndef PIIMASK_CBYTECLASS_H
#define PIIMASK_CBYTECLASS_H

#include <stddef.h>
#include <stdint.h>

/// Classifies `count` bytes into four bit masks per 64-byte block, written to `words` (4 words per
/// block, for `count / 64 + 1` blocks): bytes that stop a JSON string's plain run (`"`, `\`, bytes
/// below 0x20), ASCII digits, ASCII capital letters, and the four bytes of `triggers` (repeat one
/// for fewer). Bit n of a block's word is the block's byte n; the positions from `count` to the end
/// of the last block are stop bytes and nothing else (unless a trigger byte is zero).
///
/// AVX2 where the processor has it (checked once), else SSE2, else a byte loop.
void piimask_classify(const uint8_t *bytes, size_t count, const uint8_t triggers[4], uint64_t *words);

/// The kernels `piimask_classify` chooses from.
typedef enum {
    /// A byte loop: other architectures, and the reference the vector kernels are tested against.
    PIIMASK_CLASSIFY_PORTABLE,
    PIIMASK_CLASSIFY_SSE2,
    PIIMASK_CLASSIFY_AVX2,
} piimask_classify_kernel;

/// `piimask_classify` with the given kernel, for tests: returns 0, and writes nothing, when this
/// processor or build lacks it; else 1.
int piimask_classify_with(piimask_classify_kernel kernel, const uint8_t *bytes, size_t count, const uint8_t triggers[4],
                          uint64_t *words);

#endif
