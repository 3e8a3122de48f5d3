#ifndef CPCRE2_SHIM_H
#define CPCRE2_SHIM_H
// The generic pcre2_* names are token-pasting macros Swift cannot import; fixing the width exposes the _8 symbols.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

// Cast macros are not imported into Swift; expose them as functions.
static inline PCRE2_SIZE cpcre2_zero_terminated(void) { return PCRE2_ZERO_TERMINATED; }
static inline PCRE2_SIZE cpcre2_unset(void) { return PCRE2_UNSET; }

// A pattern is JIT-compiled on its first match (PCRE2Regex); its state word is read with acquire and
// written with release, so a thread that sees the JIT code as ready also sees the code itself.
static inline int cpcre2_load_acquire(const int *word) { return __atomic_load_n(word, __ATOMIC_ACQUIRE); }
static inline void cpcre2_store_release(int *word, int value) { __atomic_store_n(word, value, __ATOMIC_RELEASE); }
#endif
