// What building a literal set shares between its files: fingerprint windows and their buckets.
#ifndef RESTICLINT_LITERAL_SET_BUILD_H
#define RESTICLINT_LITERAL_SET_BUILD_H

#include "LiteralSetLayout.h"

/// How much of the sample is read: a quarter megabyte of a log shows which grams are common as well
/// as more would, at a fraction of the cost (a set is built once per input).
#define RL_SAMPLE_LIMIT (1u << 18)

/// A fingerprint window: the accepted low and high nibbles per byte (16-bit sets; both cases of a
/// letter, every nibble past the end of a literal shorter than the window).
typedef struct {
    uint16_t low[RL_WINDOW], high[RL_WINDOW];
    uint32_t frequency;
    uint32_t literal;
    uint32_t offset;
} rl_window;

/// Groups `windows` (commonest first) into RL_BUCKETS buckets, `bucket_of[i]` for window i, so that
/// the buckets' nibble tables propose as few positions of `sample` as they can.
void rl_assign_buckets(const rl_window *windows, size_t count, const uint8_t *sample, size_t sample_length,
                       const double share[256], uint8_t *bucket_of);

#endif
