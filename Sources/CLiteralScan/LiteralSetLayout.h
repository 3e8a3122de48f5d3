#ifndef RESTICLINT_LITERAL_SET_LAYOUT_H
#define RESTICLINT_LITERAL_SET_LAYOUT_H

#include "CLiteralScan.h"

/// Bytes per fingerprint window: six make a position a candidate about once in 400 bytes of a
/// verbose backup log with the rules' eighty literals (four: once in 60, and proposals cost more to
/// check than the two extra table lookups). A literal shorter than the window leaves its tail open.
#define RL_WINDOW 6
/// The rarest four bytes of a literal start its window; they are also what an entry compares first.
#define RL_GRAM 4
/// Sixteen buckets (two halves of eight bit-lanes): fewer buckets mix more fingerprints into the
/// same nibble tables, and cross-products of their nibbles are what the filter lets through falsely.
#define RL_BUCKETS 16

/// A literal in a bucket: where its fingerprint window starts inside it, and the window's first four
/// bytes as one 32-bit comparison: `(bytes | fold) & keep == window` (fold sets bit 5 of letters, which folds both
/// cases of exactly that letter; keep drops bytes past the end of a short literal). Most proposals
/// fail this test, so the literal itself is rarely compared.
typedef struct {
    uint32_t window, fold, keep;
    uint32_t literal;
    uint32_t offset;
} rl_entry;

struct rl_literal_set {
    /// `low[k][half][n]`: the buckets (bits of that half) whose fingerprint byte k may have low nibble n;
    /// `high` the same for the high nibble. A position is a candidate for a bucket when all 2 * RL_WINDOW
    /// lookups of its bytes keep the bucket's bit.
    uint8_t low[RL_WINDOW][2][16];
    uint8_t high[RL_WINDOW][2][16];
    uint32_t bucket_start[RL_BUCKETS + 1];
    rl_entry *entries;
    /// Folded literals back to back: literal i is `folded[literal_start[i] ..< literal_start[i + 1]]`.
    uint8_t *folded;
    uint32_t *literal_start;
    size_t count;
    /// An empty literal occurs everywhere.
    int has_empty;
    int kernel;
};

static inline uint8_t rl_fold(uint8_t byte) { return (uint8_t)(byte - 'A') < 26 ? byte | 0x20 : byte; }

/// The candidate bucket bits of the window starting at `window` (RL_WINDOW readable bytes).
static inline unsigned rl_window_buckets(const struct rl_literal_set *set, const uint8_t *window) {
    unsigned buckets = 0xFFFF;
    for (int k = 0; k < RL_WINDOW; k++) {
        unsigned lo = window[k] & 15, hi = window[k] >> 4;
        buckets &= (unsigned)(set->low[k][0][lo] | set->low[k][1][lo] << 8)
                 & (unsigned)(set->high[k][0][hi] | set->high[k][1][hi] << 8);
    }
    return buckets;
}

#endif
