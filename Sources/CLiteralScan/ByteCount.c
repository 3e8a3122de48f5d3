// Line counting and line-start search over whole buffers: most of a log is lines no literal selects,
// which are only counted.
#define _GNU_SOURCE
#include <string.h>
#include "CLiteralScan.h"
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#if defined(__x86_64__)
/// Equal bytes are -1 per lane: subtracting them counts per lane for up to 255 blocks, then psadbw
/// adds the lanes. 32 bytes a step where the CPU has AVX2, 16 (SSE2, part of x86-64) elsewhere.
__attribute__((target("avx2")))
static size_t count_avx2(const uint8_t *buffer, size_t length, uint8_t byte, size_t *done) {
    size_t count = 0, i = 0;
    const __m256i target = _mm256_set1_epi8((char)byte), zero = _mm256_setzero_si256();
    while (i + 32 <= length) {
        __m256i lanes = zero;
        for (int block = 0; block < 255 && i + 32 <= length; block++, i += 32) {
            lanes = _mm256_sub_epi8(lanes, _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(buffer + i)), target));
        }
        __m256i sums = _mm256_sad_epu8(lanes, zero);
        count += (size_t)_mm256_extract_epi64(sums, 0) + (size_t)_mm256_extract_epi64(sums, 1)
               + (size_t)_mm256_extract_epi64(sums, 2) + (size_t)_mm256_extract_epi64(sums, 3);
    }
    *done = i;
    return count;
}

static size_t count_sse2(const uint8_t *buffer, size_t length, uint8_t byte, size_t *done) {
    size_t count = 0, i = 0;
    const __m128i target = _mm_set1_epi8((char)byte), zero = _mm_setzero_si128();
    while (i + 16 <= length) {
        __m128i lanes = zero;
        for (int block = 0; block < 255 && i + 16 <= length; block++, i += 16) {
            lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(buffer + i)), target));
        }
        __m128i sums = _mm_sad_epu8(lanes, zero);
        count += (size_t)_mm_cvtsi128_si64(sums) + (size_t)_mm_extract_epi16(sums, 4);
    }
    *done = i;
    return count;
}
#endif

size_t rl_count_byte(const uint8_t *buffer, size_t length, uint8_t byte) {
    size_t count = 0, i = 0;
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx2")) count = count_avx2(buffer, length, byte, &i);
    size_t rest = 0;
    count += count_sse2(buffer + i, length - i, byte, &rest);
    i += rest;
#endif
    for (; i < length; i++) count += buffer[i] == byte;
    return count;
}

ptrdiff_t rl_last_byte(const uint8_t *buffer, size_t length, uint8_t byte) {
#if defined(__GLIBC__)
    const uint8_t *found = length ? memrchr(buffer, byte, length) : NULL;
    return found ? found - buffer : -1;
#else
    while (length > 0) {
        if (buffer[--length] == byte) return (ptrdiff_t)length;
    }
    return -1;
#endif
}
