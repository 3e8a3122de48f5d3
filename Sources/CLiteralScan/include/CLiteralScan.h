#ifndef RESTICLINT_LITERAL_SCAN_H
#define RESTICLINT_LITERAL_SCAN_H

#include <stddef.h>
#include <stdint.h>

/// Many literals (ASCII case folded) searched at once in a buffer: a Teddy-style SIMD filter over a
/// six-byte fingerprint window of each literal in eight buckets, then an exact folded comparison.
/// Literals that contain another are not scanned for (the other finds the same lines). Immutable
/// once built, so threads may share one set.
typedef struct rl_literal_set rl_literal_set;

/// `bytes` holds the literals back to back, `lengths[i]` bytes each. `sample` is text like the input:
/// each literal's window starts at its four bytes rarest in it. Returns NULL only when out of memory.
rl_literal_set *rl_literal_set_create(const uint8_t *bytes, const size_t *lengths, size_t count,
                                      const uint8_t *sample, size_t sample_length);
void rl_literal_set_free(rl_literal_set *set);

/// The start of a literal occurrence at or after `from`, or -1. The occurrence returned is in the
/// earliest line (no literal holds a line break) but may not be the leftmost start in that line.
ptrdiff_t rl_literal_set_find(const rl_literal_set *set, const uint8_t *buffer, size_t length, size_t from);

/// The same with one scan kernel, for tests that compare every kernel the CPU has.
enum { RL_KERNEL_SCALAR = 0, RL_KERNEL_SSSE3 = 1, RL_KERNEL_AVX2 = 2, RL_KERNEL_VBMI = 3 };
int rl_kernel_supported(int kernel);
ptrdiff_t rl_literal_set_find_kernel(const rl_literal_set *set, int kernel, const uint8_t *buffer, size_t length,
                                     size_t from);

/// A walk over a buffer's lines that stops at each line holding a literal. Start it zeroed.
typedef struct {
    /// Where the walk goes on: the line after the last one returned.
    size_t position;
    /// Separators before `position`; once the walk has ended, every one in the buffer.
    size_t separators;
} rl_line_walk;

/// A line holding a literal: bytes `start ..< end` (its separator, or the buffer's end, at `end`), with
/// `index` separators before it.
typedef struct {
    size_t start, end, index;
} rl_line;

/// The next line of the walk holding a literal, in `*line`; 0 when there is none left. Lines between
/// are only counted, in the same pass over their bytes as the scan.
int rl_literal_set_next_line(const rl_literal_set *set, const uint8_t *buffer, size_t length, uint8_t separator,
                             rl_line_walk *walk, rl_line *line);
int rl_literal_set_next_line_kernel(const rl_literal_set *set, int kernel, const uint8_t *buffer, size_t length,
                                    uint8_t separator, rl_line_walk *walk, rl_line *line);

/// How many times `byte` occurs in `buffer` (AVX2 or SSE2 on x86-64, a plain loop elsewhere).
size_t rl_count_byte(const uint8_t *buffer, size_t length, uint8_t byte);

/// The offset of the last `byte` in `buffer`, or -1 (glibc's memrchr where there is one).
ptrdiff_t rl_last_byte(const uint8_t *buffer, size_t length, uint8_t byte);

#endif
