// Scanning with a literal set: SIMD kernels find windows whose nibbles fit a bucket's fingerprints
// (pshufb table lookups, 16 or 32 positions at once), then the bucket's literals are compared.
#include <string.h>
#include "LiteralSetLayout.h"
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define RL_X86 1
#endif

/// The leftmost start of a literal of `buckets` whose window starts at `position`, or -1.
static ptrdiff_t verify(const rl_literal_set *set, unsigned buckets, size_t position, const uint8_t *buffer,
                        size_t length, size_t from) {
    ptrdiff_t best = -1;
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
        for (uint32_t e = set->bucket_start[b]; e < set->bucket_start[b + 1]; e++) {
            rl_entry entry = set->entries[e];
            if (((bytes | entry.fold) & entry.keep) != entry.window || position < from + entry.offset) continue;
            size_t begin = position - entry.offset;
            const uint8_t *literal = set->folded + set->literal_start[entry.literal];
            size_t size = set->literal_start[entry.literal + 1] - set->literal_start[entry.literal];
            if (begin + size > length) continue;
            size_t j = 0;
            while (j < size && rl_fold(buffer[begin + j]) == literal[j]) j++;
            if (j == size && (best < 0 || (ptrdiff_t)begin < best)) best = (ptrdiff_t)begin;
        }
    }
    return best;
}

/// The proposals of one SIMD block: bit j of `hits` for position `position + j`, whose buckets are
/// `first[j]` (0-7) and `second[j]` (8-15).
static ptrdiff_t verify_block(const rl_literal_set *set, uint32_t hits, const uint8_t *first, const uint8_t *second,
                              size_t position, const uint8_t *buffer, size_t length, size_t from) {
    while (hits) {
        int j = __builtin_ctz(hits);
        hits &= hits - 1;
        ptrdiff_t found = verify(set, first[j] | (unsigned)second[j] << 8, position + j, buffer, length, from);
        if (found >= 0) return found;
    }
    return -1;
}

/// One position at a time; also the tail of the SIMD kernels. Bytes past the end read as zero,
/// which only widens the candidates (verify checks bounds).
static ptrdiff_t find_scalar(const rl_literal_set *set, const uint8_t *buffer, size_t length, size_t from, size_t position) {
    for (; position < length; position++) {
        uint8_t window[RL_WINDOW] = {0};
        size_t available = length - position < RL_WINDOW ? length - position : RL_WINDOW;
        memcpy(window, buffer + position, available);
        unsigned buckets = rl_window_buckets(set, window);
        if (buckets) {
            ptrdiff_t found = verify(set, buckets, position, buffer, length, from);
            if (found >= 0) return found;
        }
    }
    return -1;
}

#ifdef RL_X86
/// Candidates of 16 positions: per half, the AND over the window's bytes of both nibble lookups.
__attribute__((target("ssse3")))
static ptrdiff_t find_ssse3(const rl_literal_set *set, const uint8_t *buffer, size_t length, size_t from) {
    const __m128i nibble = _mm_set1_epi8(0x0F), zero = _mm_setzero_si128();
    __m128i low[RL_WINDOW][2], high[RL_WINDOW][2];
    for (int k = 0; k < RL_WINDOW; k++) {
        for (int h = 0; h < 2; h++) {
            low[k][h] = _mm_loadu_si128((const __m128i *)set->low[k][h]);
            high[k][h] = _mm_loadu_si128((const __m128i *)set->high[k][h]);
        }
    }
    size_t position = from;
    while (position + 16 + RL_WINDOW - 1 <= length) {
        __m128i half0 = _mm_set1_epi8(-1), half1 = half0;
        for (int k = 0; k < RL_WINDOW; k++) {
            __m128i bytes = _mm_loadu_si128((const __m128i *)(buffer + position + k));
            __m128i lo = _mm_and_si128(bytes, nibble), hi = _mm_and_si128(_mm_srli_epi16(bytes, 4), nibble);
            half0 = _mm_and_si128(half0, _mm_and_si128(_mm_shuffle_epi8(low[k][0], lo), _mm_shuffle_epi8(high[k][0], hi)));
            half1 = _mm_and_si128(half1, _mm_and_si128(_mm_shuffle_epi8(low[k][1], lo), _mm_shuffle_epi8(high[k][1], hi)));
        }
        unsigned hits = ~(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_or_si128(half0, half1), zero)) & 0xFFFF;
        if (hits) {
            uint8_t first[16], second[16];
            _mm_storeu_si128((__m128i *)first, half0);
            _mm_storeu_si128((__m128i *)second, half1);
            ptrdiff_t found = verify_block(set, hits, first, second, position, buffer, length, from);
            if (found >= 0) return found;
        }
        position += 16;
    }
    return find_scalar(set, buffer, length, from, position);
}

/// The same over 32 positions, the tables repeated in both 128-bit lanes.
__attribute__((target("avx2")))
static ptrdiff_t find_avx2(const rl_literal_set *set, const uint8_t *buffer, size_t length, size_t from) {
    const __m256i nibble = _mm256_set1_epi8(0x0F), zero = _mm256_setzero_si256();
    __m256i low[RL_WINDOW][2], high[RL_WINDOW][2];
    for (int k = 0; k < RL_WINDOW; k++) {
        for (int h = 0; h < 2; h++) {
            low[k][h] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)set->low[k][h]));
            high[k][h] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)set->high[k][h]));
        }
    }
    size_t position = from;
    while (position + 32 + RL_WINDOW - 1 <= length) {
        __m256i half0 = _mm256_set1_epi8(-1), half1 = half0;
        for (int k = 0; k < RL_WINDOW; k++) {
            __m256i bytes = _mm256_loadu_si256((const __m256i *)(buffer + position + k));
            __m256i lo = _mm256_and_si256(bytes, nibble), hi = _mm256_and_si256(_mm256_srli_epi16(bytes, 4), nibble);
            half0 = _mm256_and_si256(half0, _mm256_and_si256(_mm256_shuffle_epi8(low[k][0], lo), _mm256_shuffle_epi8(high[k][0], hi)));
            half1 = _mm256_and_si256(half1, _mm256_and_si256(_mm256_shuffle_epi8(low[k][1], lo), _mm256_shuffle_epi8(high[k][1], hi)));
        }
        unsigned hits = ~(unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_or_si256(half0, half1), zero));
        if (hits) {
            uint8_t first[32], second[32];
            _mm256_storeu_si256((__m256i *)first, half0);
            _mm256_storeu_si256((__m256i *)second, half1);
            ptrdiff_t found = verify_block(set, hits, first, second, position, buffer, length, from);
            if (found >= 0) return found;
        }
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

ptrdiff_t rl_literal_set_find_kernel(const rl_literal_set *set, int kernel, const uint8_t *buffer, size_t length,
                                     size_t from) {
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

ptrdiff_t rl_literal_set_find(const rl_literal_set *set, const uint8_t *buffer, size_t length, size_t from) {
    return rl_literal_set_find_kernel(set, set->kernel, buffer, length, from);
}
