// The AVX-512 VBMI kernel: 64 window starts a step, each window byte looked up whole in a 128-entry
// table with one vpermi2b (its low seven bits index two registers). Whole-byte tables accept only the
// window bytes themselves, where a pair of nibble tables also accepts every mix of their nibbles, so
// about half as many positions need verification. It needs 12 of the 32 vector registers; valgrind
// cannot run it, so CPU time decides against the AVX2 kernel, and the tests run it against the
// naive search wherever the CPU has it.
#include "LiteralSetVerify.h"
#if defined(__x86_64__)
#include <immintrin.h>

/// Scans blocks of 64 window starts from `from` (before `end`) and verifies their candidates in the
/// loop: the first literal found, or -1 when none starts before `end`, with `*separators` increased
/// by the separators before it (before `end` when none).
__attribute__((target("avx512f,avx512bw,avx512vbmi,popcnt"), noinline))
static ptrdiff_t scan_vbmi(const rl_literal_set *set, const uint8_t *buffer, size_t length, size_t from, size_t end,
                           uint8_t separator, size_t *separators) {
    __m512i lower[RL_WINDOW], upper[RL_WINDOW];
    for (int k = 0; k < RL_WINDOW; k++) {
        lower[k] = _mm512_loadu_si512(set->byte_table[k]);
        upper[k] = _mm512_loadu_si512(set->byte_table[k] + 64);
    }
    const __m512i separators_vector = _mm512_set1_epi8((char)separator);
    size_t counted = *separators;
    for (size_t position = from; position < end; position += 64) {
        __m512i bytes = _mm512_loadu_si512(buffer + position);
        uint64_t block_separators = _mm512_cmpeq_epi8_mask(bytes, separators_vector);
        counted += (size_t)__builtin_popcountll(block_separators);
        __m512i buckets = _mm512_permutex2var_epi8(lower[0], bytes, upper[0]);
        for (int k = 1; k < RL_WINDOW; k += 2) {
            __m512i first = _mm512_permutex2var_epi8(lower[k], _mm512_loadu_si512(buffer + position + k), upper[k]);
            __m512i second = k + 1 < RL_WINDOW
                ? _mm512_permutex2var_epi8(lower[k + 1], _mm512_loadu_si512(buffer + position + k + 1), upper[k + 1])
                : _mm512_set1_epi8(-1);
            buckets = _mm512_ternarylogic_epi32(buckets, first, second, 0x80);  // a & b & c
        }
        uint64_t hits = _mm512_test_epi8_mask(buckets, buckets);
        if (__builtin_expect(hits != 0, 0)) {
            uint8_t lanes[64];
            _mm512_storeu_si512(lanes, buckets);
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

ptrdiff_t rl_find_vbmi(const rl_literal_set *set, const uint8_t *buffer, size_t length, size_t from,
                       uint8_t separator, size_t *separators) {
    size_t end = blocks_end(length, from, 64);
    ptrdiff_t found = scan_vbmi(set, buffer, length, from, end, separator, separators);
    return found >= 0 ? found : rl_find_scalar_counting(set, buffer, length, from, end, separator, separators);
}
#endif
