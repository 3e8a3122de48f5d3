// Scanning with a literal set: SIMD kernels find windows whose nibbles fit a bucket's fingerprints
// (pshufb table lookups, 16 or 32 positions at once), then the bucket's literals are compared.
#include <string.h>
#include "LiteralSetLayout.h"
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define RL_X86 1
#endif

/// The entries of bucket `b` whose four window bytes equal `bytes`, folded: bit i for entry
/// `bucket_start[b] + i` of the group of RL_LANES starting at `group`.
static inline unsigned group_passing(const rl_literal_set *set, uint32_t group, uint32_t bytes) {
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
static ptrdiff_t confirm(const rl_literal_set *set, uint32_t e, size_t position, const uint8_t *buffer, size_t length,
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
static ptrdiff_t verify(const rl_literal_set *set, unsigned buckets, size_t position, const uint8_t *buffer,
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
static ptrdiff_t verify_block(const rl_literal_set *set, uint32_t hits, const uint8_t *buckets, size_t position,
                              const uint8_t *buffer, size_t length, size_t from) {
    while (hits) {
        int j = __builtin_ctz(hits);
        hits &= hits - 1;
        ptrdiff_t found = verify(set, buckets[j], position + j, buffer, length, from);
        if (found >= 0) return found;
    }
    return -1;
}

/// One position at a time: the portable kernel, and the tail of the SIMD ones. Bytes past the end
/// read as zero, which only widens the candidates (verify checks bounds).
__attribute__((noinline))
static ptrdiff_t find_scalar(const rl_literal_set *set, const uint8_t *buffer, size_t length, size_t from,
                             size_t position) {
    for (; position < length; position++) {
        const uint8_t *window = buffer + position;
        uint8_t padded[RL_WINDOW] = {0};
        if (length - position < RL_WINDOW) {
            memcpy(padded, window, length - position);
            window = padded;
        }
        unsigned buckets = rl_window_buckets(set, window);
        if (buckets) {
            ptrdiff_t found = verify(set, buckets, position, buffer, length, from);
            if (found >= 0) return found;
        }
    }
    return -1;
}

#ifdef RL_X86
// The SIMD kernels: per block of 16 or 32 window starts, each window byte is an unaligned load split
// into nibbles, looked up in its two tables and ANDed in. (Classic Teddy loads once and shifts each
// byte's result against the previous block's, but with six window bytes the twelve tables plus five
// carried results do not fit in 16 vector registers, and the spills cost more than the loads.) The
// block loops are functions of their own without calls, which would clobber every vector register;
// a block with candidates returns to the caller to be verified.

/// The first block of 16 window starts at or after `position` (before `end`; RL_WINDOW - 1 bytes
/// readable past it) with candidates, their buckets in `found`; `end` when none has.
__attribute__((target("ssse3"), noinline))
static size_t next_block_ssse3(const rl_literal_set *set, const uint8_t *buffer, size_t position, size_t end,
                               __m128i *found) {
    const __m128i nibble = _mm_set1_epi8(0x0F);
    __m128i low[RL_WINDOW], high[RL_WINDOW];
    for (int k = 0; k < RL_WINDOW; k++) {
        low[k] = _mm_loadu_si128((const __m128i *)set->low[k]);
        high[k] = _mm_loadu_si128((const __m128i *)set->high[k]);
    }
    for (; position < end; position += 16) {
        __m128i buckets = _mm_set1_epi8(-1);
        for (int k = 0; k < RL_WINDOW; k++) {
            __m128i bytes = _mm_loadu_si128((const __m128i *)(buffer + position + k));
            __m128i lo = _mm_and_si128(bytes, nibble), hi = _mm_and_si128(_mm_srli_epi16(bytes, 4), nibble);
            buckets = _mm_and_si128(buckets, _mm_and_si128(_mm_shuffle_epi8(low[k], lo), _mm_shuffle_epi8(high[k], hi)));
        }
        if (_mm_movemask_epi8(_mm_cmpeq_epi8(buckets, _mm_setzero_si128())) != 0xFFFF) {
            *found = buckets;
            return position;
        }
    }
    return end;
}

/// The same over 32 window starts, the tables repeated in both 128-bit lanes.
__attribute__((target("avx2"), noinline))
static size_t next_block_avx2(const rl_literal_set *set, const uint8_t *buffer, size_t position, size_t end,
                              __m256i *found) {
    const __m256i nibble = _mm256_set1_epi8(0x0F);
    __m256i low[RL_WINDOW], high[RL_WINDOW];
    for (int k = 0; k < RL_WINDOW; k++) {
        low[k] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)set->low[k]));
        high[k] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)set->high[k]));
    }
    for (; position < end; position += 32) {
        __m256i buckets = _mm256_set1_epi8(-1);
        for (int k = 0; k < RL_WINDOW; k++) {
            __m256i bytes = _mm256_loadu_si256((const __m256i *)(buffer + position + k));
            __m256i lo = _mm256_and_si256(bytes, nibble), hi = _mm256_and_si256(_mm256_srli_epi16(bytes, 4), nibble);
            buckets = _mm256_and_si256(buckets, _mm256_and_si256(_mm256_shuffle_epi8(low[k], lo), _mm256_shuffle_epi8(high[k], hi)));
        }
        if (!_mm256_testz_si256(buckets, buckets)) {
            *found = buckets;
            return position;
        }
    }
    return end;
}

/// Where the whole blocks of `width` window starts from `from` end: their windows must be readable.
static size_t blocks_end(size_t length, size_t from, size_t width) {
    size_t windows = length - from >= RL_WINDOW - 1 ? length - from - (RL_WINDOW - 1) : 0;
    return from + windows / width * width;
}

__attribute__((target("ssse3")))
static ptrdiff_t find_ssse3(const rl_literal_set *set, const uint8_t *buffer, size_t length, size_t from) {
    size_t position = from, end = blocks_end(length, from, 16);
    __m128i found;
    while ((position = next_block_ssse3(set, buffer, position, end, &found)) < end) {
        uint8_t buckets[16];
        _mm_storeu_si128((__m128i *)buckets, found);
        unsigned hits = ~(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(found, _mm_setzero_si128())) & 0xFFFF;
        ptrdiff_t result = verify_block(set, hits, buckets, position, buffer, length, from);
        if (result >= 0) return result;
        position += 16;
    }
    return find_scalar(set, buffer, length, from, position);
}

__attribute__((target("avx2")))
static ptrdiff_t find_avx2(const rl_literal_set *set, const uint8_t *buffer, size_t length, size_t from) {
    size_t position = from, end = blocks_end(length, from, 32);
    __m256i found;
    while ((position = next_block_avx2(set, buffer, position, end, &found)) < end) {
        uint8_t buckets[32];
        _mm256_storeu_si256((__m256i *)buckets, found);
        unsigned hits = ~(unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(found, _mm256_setzero_si256()));
        ptrdiff_t result = verify_block(set, hits, buckets, position, buffer, length, from);
        if (result >= 0) return result;
        position += 32;
    }
    return find_scalar(set, buffer, length, from, position);
}
#endif

int rl_kernel_supported(int kernel) {
    switch (kernel) {
    case RL_KERNEL_SCALAR: return 1;
#ifdef RL_X86
    case RL_KERNEL_SSSE3: return __builtin_cpu_supports("ssse3");
    case RL_KERNEL_AVX2: return __builtin_cpu_supports("avx2");
#endif
    default: return 0;
    }
}

/// Inlined into both entry points (the scanner calls once per line it finds, so a call more counts);
/// the kernels are not, which keeps the entry points without register saves.
static inline __attribute__((always_inline)) ptrdiff_t find_with(const rl_literal_set *set, int kernel,
                                                                 const uint8_t *buffer, size_t length, size_t from) {
    if (from >= length) return -1;
    if (set->has_empty) return (ptrdiff_t)from;
    switch (kernel) {
#ifdef RL_X86
    case RL_KERNEL_AVX2: return find_avx2(set, buffer, length, from);
    case RL_KERNEL_SSSE3: return find_ssse3(set, buffer, length, from);
#endif
    default: return find_scalar(set, buffer, length, from, from);
    }
}

ptrdiff_t rl_literal_set_find_kernel(const rl_literal_set *set, int kernel, const uint8_t *buffer, size_t length,
                                     size_t from) {
    return find_with(set, kernel, buffer, length, from);
}

ptrdiff_t rl_literal_set_find(const rl_literal_set *set, const uint8_t *buffer, size_t length, size_t from) {
    return find_with(set, set->kernel, buffer, length, from);
}
