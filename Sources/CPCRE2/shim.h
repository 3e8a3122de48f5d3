#ifndef CPCRE2_SHIM_H
#define CPCRE2_SHIM_H
// The generic pcre2_* names are token-pasting macros Swift cannot import; fixing the width exposes the _8 symbols.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

// Cast macros are not imported into Swift; expose them as functions.
static inline PCRE2_SIZE cpcre2_zero_terminated(void) { return PCRE2_ZERO_TERMINATED; }
static inline PCRE2_SIZE cpcre2_unset(void) { return PCRE2_UNSET; }
#endif
