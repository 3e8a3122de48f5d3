// Verifying candidate positions: the bucket entries' four-byte tests, then the folded literals.
// Shared by the scan kernels (LiteralSetFind*.c), inlined into each.
#ifndef RESTICLINT_LITERAL_SET_VERIFY_H
#define RESTICLINT_LITERAL_SET_VERIFY_H

#include <string.h>
#include "LiteralSetLayout.h"
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// The entries of bucket `b` whose four window bytes equal `bytes`, folded: bit i for entry
/// `bucket_start[b] + i` of the group of RL_LANES starting at `group`.
static inline __attribute__((always_inline)) unsigned group_passing(const rl_literal_set *set, uint32_t group, uint32_t bytes) {
#ifdef __SSE2__
    __m128i folded = _mm_or_si128(_mm_set1_epi32((int)bytes), _mm_loadu_si128((const __m128i *)(set->fold + group)));
    __m128i kept = _mm_and_si128(folded, _mm_loadu_si128((const __m128i *)(set->keep + group)));
    return (unsigned)_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(kept, _mm_loadu_si128((const __m128i *)(set->window + group)))));
#else
    unsigned passing = 0;
    for (unsigned i = 0; i < RL_LANES; i++) {
        passing |= (unsigned)(((bytes | set->fold[group + i]) & set->keep[group + i]) == set->window[group + i]) << i;
    }
    return passing;
#endif
}

static inline uint64_t load64(const uint8_t *bytes) {
    uint64_t word;
    memcpy(&word, bytes, 8);
    return word;
}

/// Whether `text` (`available` readable bytes, at least `size`) starts with the folded literal
/// `literal` of `size` bytes (`letters` marking its letters; eight bytes readable past both): eight
/// bytes at a time, the last eight overlapping; a literal under eight bytes as one word with the
/// bytes past it dropped, when eight are readable.
static inline int equals_folded(const uint8_t *text, size_t available, const uint8_t *literal, const uint8_t *letters,
                                size_t size) {
    if (size >= 8) {
        for (size_t j = 0; j + 8 < size; j += 8) {
            if ((load64(text + j) | load64(letters + j)) != load64(literal + j)) return 0;
        }
        return (load64(text + size - 8) | load64(letters + size - 8)) == load64(literal + size - 8);
    }
    if (available >= 8) {
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        uint64_t keep = size ? ~0ull << (64 - 8 * size) : 0;
#else
        uint64_t keep = size ? ~0ull >> (64 - 8 * size) : 0;
#endif
        return ((load64(text) | load64(letters)) & keep) == (load64(literal) & keep);
    }
    size_t j = 0;
    while (j < size && (text[j] | letters[j]) == literal[j]) j++;
    return j == size;
}

/// The start of entry `e`'s literal if it occurs with its window at `position`, or -1.
static inline __attribute__((always_inline)) ptrdiff_t confirm(const rl_literal_set *set, uint32_t e, size_t position, const uint8_t *buffer, size_t length,
                         size_t from) {
    rl_entry entry = set->entries[e];
    if (position < from + entry.offset) return -1;
    size_t begin = position - entry.offset;
    uint32_t start = set->literal_start[entry.literal];
    size_t size = set->literal_start[entry.literal + 1] - start;
    if (begin + size > length) return -1;
    return equals_folded(buffer + begin, length - begin, set->folded + start, set->letters + start, size) ? (ptrdiff_t)begin : -1;
}

/// The start of a literal of `buckets` whose window starts at `position`, or -1. Any one will do:
/// every literal found here holds `position`, so all are in its line.
static inline __attribute__((always_inline)) ptrdiff_t verify(const rl_literal_set *set, unsigned buckets, size_t position, const uint8_t *buffer,
                        size_t length, size_t from) {
    // The window's bytes, little-endian as the entries were built (zero past the end).
    uint32_t bytes = 0;
    if (length - position >= RL_GRAM) memcpy(&bytes, buffer + position, RL_GRAM);
    else memcpy(&bytes, buffer + position, length - position);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    bytes = __builtin_bswap32(bytes);
#endif
    while (buckets) {
        int b = __builtin_ctz(buckets);
        buckets &= buckets - 1;
        for (uint32_t group = set->bucket_start[b]; group < set->bucket_start[b + 1]; group += RL_LANES) {
            for (unsigned passing = group_passing(set, group, bytes); passing; passing &= passing - 1) {
                ptrdiff_t found = confirm(set, group + (uint32_t)__builtin_ctz(passing), position, buffer, length, from);
                if (found >= 0) return found;
            }
        }
    }
    return -1;
}

/// The candidates of one SIMD block: bit j of `hits` for the window starting at `position + j`,
/// whose buckets are `buckets[j]`.
static inline __attribute__((always_inline)) ptrdiff_t verify_block(const rl_literal_set *set, uint64_t hits, const uint8_t *buckets, size_t position,
                              const uint8_t *buffer, size_t length, size_t from) {
    while (hits) {
        int j = __builtin_ctzll(hits);
        hits &= hits - 1;
        ptrdiff_t found = verify(set, buckets[j], position + j, buffer, length, from);
        if (found >= 0) return found;
    }
    return -1;
}

/// Where the whole blocks of `width` window starts from `from` end: their windows must be readable.
static inline size_t blocks_end(size_t length, size_t from, size_t width) {
    size_t windows = length - from >= RL_WINDOW - 1 ? length - from - (RL_WINDOW - 1) : 0;
    return from + windows / width * width;
}

/// The separators of a block at or after the hit (all of them when the hit starts before the block):
/// the block loop counted the whole block.
static inline size_t separators_from(uint64_t block_separators, size_t position, ptrdiff_t hit) {
    size_t skipped = (size_t)hit > position ? (size_t)hit - position : 0;
    return (size_t)__builtin_popcountll(block_separators >> skipped);
}

#endif
