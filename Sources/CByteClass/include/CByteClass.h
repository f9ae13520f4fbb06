#ifndef PIIMASK_CBYTECLASS_H
#define PIIMASK_CBYTECLASS_H

#include <stddef.h>
#include <stdint.h>

/// Whether this processor runs `piimask_classify` (x86-64 with AVX2; checked once).
int piimask_classify_available(void);

/// Classifies `count` bytes into four bit masks per 64-byte block, written to `words` (4 words per
/// block, for `count / 64 + 1` blocks): bytes that stop a JSON string's plain run (`"`, `\`, bytes
/// below 0x20), ASCII digits, ASCII capital letters, and the four bytes of `triggers` (repeat one
/// for fewer). Bit n of a block's word is the block's byte n; the positions from `count` to the end
/// of the last block are stop bytes and nothing else (unless a trigger byte is zero).
///
/// Only where `piimask_classify_available()`: AVX2, thirty-two bytes a compare.
void piimask_classify(const uint8_t *bytes, size_t count, const uint8_t triggers[4], uint64_t *words);

#endif
