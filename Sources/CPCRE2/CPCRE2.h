// The PCRE2 8-bit API for Swift.
//
// A system library target takes no C settings, so the code unit width is fixed here, before the
// include. The generic names (pcre2_compile, ...) are function-like macros that do not import; Swift
// calls the _8 functions directly. The shims below exist only for macros Swift cannot import.
#ifndef CPCRE2_H
#define CPCRE2_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/// PCRE2_UNSET, an ovector slot with no value: `~(PCRE2_SIZE)0` is a cast expression, not importable.
static inline PCRE2_SIZE CPCRE2_unset(void) { return PCRE2_UNSET; }

/// PCRE2_ZERO_TERMINATED: the same kind of cast expression.
static inline PCRE2_SIZE CPCRE2_zero_terminated(void) { return PCRE2_ZERO_TERMINATED; }

#endif
