// Which literals a set scans for: a line holding a literal that contains another holds that one too.
#include <stdlib.h>
#include "LiteralSetLayout.h"

/// Whether folded `needle` occurs in `haystack`.
static int contains_folded(const uint8_t *haystack, size_t length, const uint8_t *needle, size_t size) {
    for (size_t start = 0; start + size <= length; start++) {
        size_t j = 0;
        while (j < size && rl_fold(haystack[start + j]) == rl_fold(needle[j])) j++;
        if (j == size) return 1;
    }
    return 0;
}

rl_literal_set *rl_literal_set_create(const uint8_t *bytes, const size_t *lengths, size_t count,
                                      const uint8_t *sample, size_t sample_length) {
    // A line holding a literal that contains another holds that one too, so only literals containing
    // no other are scanned for: the same lines are found with fewer fingerprints mixed in the buckets
    // (the rules' 84 literals come down to 52, and false candidates to less than half).
    size_t *offsets = malloc((count + 1) * sizeof *offsets), *kept_lengths = malloc((count ? count : 1) * sizeof *kept_lengths);
    size_t total = 0;
    for (size_t i = 0; i < count; i++) total += lengths[i];
    uint8_t *kept = malloc(total ? total : 1);
    rl_literal_set *set = NULL;
    if (offsets && kept_lengths && kept) {
        offsets[0] = 0;
        for (size_t i = 0; i < count; i++) offsets[i + 1] = offsets[i] + lengths[i];
        size_t kept_count = 0, used = 0;
        for (size_t i = 0; i < count; i++) {
            int covered = 0;
            // A shorter literal, or an equal one listed earlier.
            for (size_t j = 0; j < count && !covered; j++) {
                if (j == i || lengths[j] > lengths[i] || (lengths[j] == lengths[i] && j > i)) continue;
                covered = contains_folded(bytes + offsets[i], lengths[i], bytes + offsets[j], lengths[j]);
            }
            if (covered) continue;
            memcpy(kept + used, bytes + offsets[i], lengths[i]);
            used += lengths[i];
            kept_lengths[kept_count++] = lengths[i];
        }
        set = rl_create_set(kept, kept_lengths, kept_count, sample, sample_length);
    }
    free(offsets);
    free(kept_lengths);
    free(kept);
    return set;
}

