// Scanning with a literal set: SIMD kernels find windows whose nibbles fit a bucket's fingerprints
// (pshufb table lookups, 16 or 32 positions at once), then the bucket's literals are compared. The
// kernels count line separators on the way, so the bytes between candidate lines are read once.
#include <string.h>
#include "LiteralSetVerify.h"
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define RL_X86 1
#endif

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

/// `find_scalar` from `position` (the tail of the SIMD kernels), adding to `*separators` those in `[position, hit)` (to the end
/// when there is no hit; a hit before `position` starts a literal, which holds none).
ptrdiff_t rl_find_scalar_counting(const rl_literal_set *set, const uint8_t *buffer, size_t length, size_t from,
                                  size_t position, uint8_t separator, size_t *separators) {
    ptrdiff_t found = find_scalar(set, buffer, length, from, position);
    size_t stop = found < 0 ? length : (size_t)found > position ? (size_t)found : position;
    *separators += rl_count_byte(buffer + position, stop - position, separator);
    return found;
}

#ifdef RL_X86
// The SIMD kernels: per block of 16 or 32 window starts, each window byte is an unaligned load split
// into nibbles, looked up in its two tables and ANDed in. (Classic Teddy loads once and shifts each
// byte's result against the previous block's, but with six window bytes the twelve tables plus five
// carried results do not fit in 16 vector registers, and the spills cost more than the loads.) The
// block loops make no calls, which would clobber every vector register: the AVX2 loop verifies its
// candidates inline, the SSSE3 one (for CPUs without AVX2) returns a block with candidates to its
// caller. Both count separators in the first window byte's load.
//
// SSSE3: equal bytes are -1 per lane, subtracted for up to 255 blocks, then psadbw adds the lanes;
// the count includes the block returned.

/// The first block of 16 window starts at or after `position` (before `end`; RL_WINDOW - 1 bytes
/// readable past it) with candidates, their buckets in `found`; `end` when none has. Adds the
/// separators of the blocks passed and of the one returned to `*separators`.
__attribute__((target("ssse3"), noinline))
static size_t next_block_ssse3(const rl_literal_set *set, const uint8_t *buffer, size_t position, size_t end,
                               uint8_t separator, __m128i *found, size_t *separators) {
    const __m128i nibble = _mm_set1_epi8(0x0F), target = _mm_set1_epi8((char)separator);
    __m128i low[RL_WINDOW], high[RL_WINDOW];
    for (int k = 0; k < RL_WINDOW; k++) {
        low[k] = _mm_loadu_si128((const __m128i *)set->low[k]);
        high[k] = _mm_loadu_si128((const __m128i *)set->high[k]);
    }
    size_t counted = 0;
    while (position < end) {
        __m128i lanes = _mm_setzero_si128();
        size_t stop = end - position > 255 * 16 ? position + 255 * 16 : end;
        for (; position < stop; position += 16) {
            __m128i buckets = _mm_set1_epi8(-1);
            for (int k = 0; k < RL_WINDOW; k++) {
                __m128i bytes = _mm_loadu_si128((const __m128i *)(buffer + position + k));
                if (k == 0) lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(bytes, target));
                __m128i lo = _mm_and_si128(bytes, nibble), hi = _mm_and_si128(_mm_srli_epi16(bytes, 4), nibble);
                buckets = _mm_and_si128(buckets, _mm_and_si128(_mm_shuffle_epi8(low[k], lo), _mm_shuffle_epi8(high[k], hi)));
            }
            if (_mm_movemask_epi8(_mm_cmpeq_epi8(buckets, _mm_setzero_si128())) != 0xFFFF) {
                __m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());
                *separators += counted + (size_t)_mm_cvtsi128_si64(sums) + (size_t)_mm_extract_epi16(sums, 4);
                *found = buckets;
                return position;
            }
        }
        __m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());
        counted += (size_t)_mm_cvtsi128_si64(sums) + (size_t)_mm_extract_epi16(sums, 4);
    }
    *separators += counted;
    return end;
}

__attribute__((target("ssse3,popcnt")))
static ptrdiff_t find_ssse3(const rl_literal_set *set, const uint8_t *buffer, size_t length, size_t from,
                            uint8_t separator, size_t *separators) {
    size_t position = from, end = blocks_end(length, from, 16), counted = 0;
    __m128i found;
    while ((position = next_block_ssse3(set, buffer, position, end, separator, &found, &counted)) < end) {
        uint8_t buckets[16];
        _mm_storeu_si128((__m128i *)buckets, found);
        unsigned hits = ~(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(found, _mm_setzero_si128())) & 0xFFFF;
        ptrdiff_t result = verify_block(set, hits, buckets, position, buffer, length, from);
        if (result >= 0) {
            __m128i block = _mm_loadu_si128((const __m128i *)(buffer + position));
            unsigned block_separators = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(block, _mm_set1_epi8((char)separator)));
            *separators += counted - separators_from(block_separators, position, result);
            return result;
        }
        position += 16;
    }
    *separators += counted;
    return rl_find_scalar_counting(set, buffer, length, from, position, separator, separators);
}

/// The same over 32 window starts, the tables repeated in both 128-bit lanes, verifying candidates
/// in the loop: verification is inlined so that it needs only a few vector registers, instead of a
/// call clobbering them all. Returns the first literal found (-1 when none starts before `end`), with
/// `*separators` increased by the separators before it (before `end` when none). Here the twelve
/// tables, the nibble mask, the buckets and two temporaries fill the 16 vector registers, so
/// separators are counted with movemask and popcnt in general registers.
__attribute__((target("avx2,popcnt"), noinline))
static ptrdiff_t scan_avx2(const rl_literal_set *set, const uint8_t *buffer, size_t length, size_t from, size_t end,
                           const __m256i *separator, size_t *separators) {
    const __m256i nibble = _mm256_set1_epi8(0x0F);
    __m256i low[RL_WINDOW], high[RL_WINDOW];
    for (int k = 0; k < RL_WINDOW; k++) {
        low[k] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)set->low[k]));
        high[k] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)set->high[k]));
    }
    size_t counted = *separators;
    for (size_t position = from; position < end; position += 32) {
        __m256i bytes = _mm256_loadu_si256((const __m256i *)(buffer + position)), equal;
        unsigned block_separators;
        // A memory operand, and the mask taken at once: a vector register held for either pushes a
        // table out of its register.
        __asm__("vpcmpeqb %2, %3, %1\n\tvpmovmskb %1, %0" : "=r"(block_separators), "=&x"(equal) : "m"(*separator), "x"(bytes));
        counted += (size_t)__builtin_popcount(block_separators);
        __m256i buckets = _mm256_set1_epi8(-1);
        for (int k = 0; k < RL_WINDOW; k++) {
            if (k > 0) bytes = _mm256_loadu_si256((const __m256i *)(buffer + position + k));
            __m256i lo = _mm256_and_si256(bytes, nibble), hi = _mm256_and_si256(_mm256_srli_epi16(bytes, 4), nibble);
            buckets = _mm256_and_si256(buckets, _mm256_and_si256(_mm256_shuffle_epi8(low[k], lo), _mm256_shuffle_epi8(high[k], hi)));
        }
        if (__builtin_expect(!_mm256_testz_si256(buckets, buckets), 0)) {
            uint8_t lanes[32];
            _mm256_storeu_si256((__m256i *)lanes, buckets);
            unsigned hits = ~(unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(buckets, _mm256_setzero_si256()));
            ptrdiff_t found = verify_block(set, hits, lanes, position, buffer, length, from);
            if (found >= 0) {
                *separators = counted - separators_from(block_separators, position, found);
                return found;
            }
        }
    }
    *separators = counted;
    return -1;
}

__attribute__((target("avx2,popcnt")))
static ptrdiff_t find_avx2(const rl_literal_set *set, const uint8_t *buffer, size_t length, size_t from,
                           uint8_t separator, size_t *separators) {
    size_t end = blocks_end(length, from, 32);
    const __m256i separators_vector = _mm256_set1_epi8((char)separator);
    ptrdiff_t found = scan_avx2(set, buffer, length, from, end, &separators_vector, separators);
    return found >= 0 ? found : rl_find_scalar_counting(set, buffer, length, from, end, separator, separators);
}
#endif

int rl_kernel_supported(int kernel) {
    switch (kernel) {
    case RL_KERNEL_SCALAR: return 1;
#ifdef RL_X86
    case RL_KERNEL_SSSE3: return __builtin_cpu_supports("ssse3");
    case RL_KERNEL_AVX2: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
#endif
#if defined(__x86_64__)
    case RL_KERNEL_VBMI:
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vbmi")
            && __builtin_cpu_supports("popcnt");
#endif
    default: return 0;
    }
}

ptrdiff_t rl_find_counting(const rl_literal_set *set, int kernel, const uint8_t *buffer, size_t length, size_t from,
                           uint8_t separator, size_t *separators) {
    if (from >= length) return -1;
    if (set->has_empty) return (ptrdiff_t)from;
    switch (kernel) {
#if defined(__x86_64__)
    case RL_KERNEL_VBMI: return rl_find_vbmi(set, buffer, length, from, separator, separators);
#endif
#ifdef RL_X86
    case RL_KERNEL_AVX2: return find_avx2(set, buffer, length, from, separator, separators);
    case RL_KERNEL_SSSE3: return find_ssse3(set, buffer, length, from, separator, separators);
#endif
    default: return rl_find_scalar_counting(set, buffer, length, from, from, separator, separators);
    }
}

ptrdiff_t rl_literal_set_find_kernel(const rl_literal_set *set, int kernel, const uint8_t *buffer, size_t length,
                                     size_t from) {
    size_t separators = 0;
    return rl_find_counting(set, kernel, buffer, length, from, '\n', &separators);
}

ptrdiff_t rl_literal_set_find(const rl_literal_set *set, const uint8_t *buffer, size_t length, size_t from) {
    return rl_literal_set_find_kernel(set, set->kernel, buffer, length, from);
}
