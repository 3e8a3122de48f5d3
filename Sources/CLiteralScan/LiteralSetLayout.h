#ifndef RESTICLINT_LITERAL_SET_LAYOUT_H
#define RESTICLINT_LITERAL_SET_LAYOUT_H

#include <string.h>
#include "CLiteralScan.h"

/// Bytes per fingerprint window. With eight buckets and the rules' literals, six make a position of
/// the typical bench log a candidate once in 160 bytes (five: once in 60, four: once in 30); each
/// window byte costs eight instructions per block of 32 positions, a candidate about a hundred to
/// verify. A literal shorter than the window leaves its tail open.
#define RL_WINDOW 6
/// The first four bytes of a window are what an entry compares before the literal itself.
#define RL_GRAM 4
/// Eight buckets, one bit each of a byte lane: one pair of table lookups per window byte and block.
/// Sixteen (two lanes' worth) halved the candidates but doubled the lookups, and their 24 tables
/// do not fit in the 16 vector registers.
#define RL_BUCKETS 8
/// Entries are compared four at a time (one SSE2 register of 32-bit lanes); each bucket's run of
/// entries is padded to a multiple of this with entries that never pass.
#define RL_LANES 4

/// Where a bucket entry's fingerprint window sits: literal `literal`, starting `offset` bytes in.
typedef struct {
    uint32_t literal;
    uint32_t offset;
} rl_entry;

struct rl_literal_set {
    /// `low[k][n]`: the buckets (bits) whose fingerprint byte k may have low nibble n; `high` the same
    /// for the high nibble. A window is a candidate for a bucket when all 2 * RL_WINDOW lookups of
    /// its bytes keep the bucket's bit.
    uint8_t low[RL_WINDOW][16];
    uint8_t high[RL_WINDOW][16];
    /// `byte_table[k][b & 127]`: the buckets whose fingerprint byte k may be b (the VBMI kernel looks
    /// bytes up whole; a byte past 127 shares its entry with b & 127, which only widens the candidates).
    uint8_t byte_table[RL_WINDOW][128];
    /// Bucket b's entries are `bucket_start[b] ..< bucket_start[b + 1]` (a multiple of RL_LANES).
    uint32_t bucket_start[RL_BUCKETS + 1];
    /// Per entry, the window's first four bytes as one 32-bit test, `(bytes | fold) & keep == window`
    /// (fold sets bit 5 of letters, which folds both cases of exactly that letter; keep drops bytes
    /// past the end of a short literal). Most candidates fail it, so the literal is rarely compared.
    uint32_t *window, *fold, *keep;
    rl_entry *entries;
    /// Folded literals back to back: literal i is `folded[literal_start[i] ..< literal_start[i + 1]]`,
    /// then eight zero bytes; `letters` is laid out alike, 0x20 where the literal has a letter, so
    /// `(text | letters) == folded` compares eight bytes at once.
    uint8_t *folded, *letters;
    uint32_t *literal_start;
    size_t count;
    /// An empty literal occurs everywhere.
    int has_empty;
    int kernel;
};

/// The scan behind `rl_literal_set_find` with one kernel, adding to `*separators` the `separator` bytes
/// in `[from, hit)`, or in `[from, length)` when it returns -1.
ptrdiff_t rl_find_counting(const struct rl_literal_set *set, int kernel, const uint8_t *buffer, size_t length,
                           size_t from, uint8_t separator, size_t *separators);

/// A set scanning for exactly these literals (rl_literal_set_create first leaves out those containing
/// another).
struct rl_literal_set *rl_create_set(const uint8_t *bytes, const size_t *lengths, size_t count, const uint8_t *sample,
                                     size_t sample_length);
/// The portable kernel from `position` (the SIMD kernels' tail), counting separators alike.
ptrdiff_t rl_find_scalar_counting(const struct rl_literal_set *set, const uint8_t *buffer, size_t length, size_t from,
                                  size_t position, uint8_t separator, size_t *separators);
/// The AVX-512 VBMI kernel (LiteralSetFindVBMI.c), x86-64 only (its file is empty elsewhere).
ptrdiff_t rl_find_vbmi(const struct rl_literal_set *set, const uint8_t *buffer, size_t length, size_t from,
                       uint8_t separator, size_t *separators);

static inline uint8_t rl_fold(uint8_t byte) { return (uint8_t)(byte - 'A') < 26 ? byte | 0x20 : byte; }

/// The candidate bucket bits of the window starting at `window` (RL_WINDOW readable bytes).
static inline unsigned rl_window_buckets(const struct rl_literal_set *set, const uint8_t *window) {
    unsigned buckets = 0xFF;
    for (int k = 0; k < RL_WINDOW && buckets; k++) buckets &= set->low[k][window[k] & 15] & set->high[k][window[k] >> 4];
    return buckets;
}

#endif
