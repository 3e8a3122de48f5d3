// Building a literal set: fingerprints, entries, tables. Buckets are chosen in LiteralSetBuckets.c, the scan is in
// LiteralSetFind*.c.
#include <stdlib.h>
#include <string.h>
#include "LiteralSetBuild.h"

#define RL_GRAM_TABLE (1u << 16)

static uint32_t gram_slot(uint32_t folded_gram) { return (folded_gram * 2654435761u) >> 16; }

static uint32_t gram_at(const uint8_t *folded) {
    return (uint32_t)folded[0] | (uint32_t)folded[1] << 8 | (uint32_t)folded[2] << 16 | (uint32_t)folded[3] << 24;
}

static void describe(rl_window *w, const uint8_t *folded, size_t length) {
    for (int k = 0; k < RL_WINDOW; k++) {
        if ((size_t)k + w->offset >= length) {
            w->low[k] = w->high[k] = 0xFFFF;
            continue;
        }
        uint8_t byte = folded[w->offset + k];
        w->low[k] = (uint16_t)(1u << (byte & 15));
        w->high[k] = (uint16_t)(1u << (byte >> 4));
        if (byte >= 'a' && byte <= 'z') w->high[k] |= (uint16_t)(1u << ((byte - 32) >> 4));
    }
}

static int by_frequency(const void *a, const void *b) {
    const rl_window *x = a, *y = b;
    if (x->frequency != y->frequency) return x->frequency > y->frequency ? -1 : 1;
    return x->literal < y->literal ? -1 : x->literal > y->literal;
}

/// Places `w` in its literal: at its four bytes rarest in the sample (a literal shorter than that: at 0).
static void place(rl_window *w, const uint8_t *folded, size_t length, const uint32_t *frequency) {
    uint32_t rarest = 0;
    w->offset = 0;
    for (size_t o = 0; o + RL_GRAM <= length; o++) {
        uint32_t seen = frequency[gram_slot(gram_at(folded + o))];
        if (o == 0 || seen < rarest) {
            rarest = seen;
            w->offset = (uint32_t)o;
        }
    }
    w->frequency = rarest;
    describe(w, folded, length);
}

static void add_entry(rl_literal_set *set, uint32_t e, const rl_window *w, size_t length) {
    const uint8_t *folded = set->folded + set->literal_start[w->literal];
    set->entries[e] = (rl_entry){w->literal, w->offset};
    set->window[e] = set->fold[e] = set->keep[e] = 0;
    for (int k = 0; k < RL_GRAM && w->offset + k < length; k++) {
        uint8_t byte = folded[w->offset + k];
        set->window[e] |= (uint32_t)byte << (8 * k);
        set->keep[e] |= 0xFFu << (8 * k);
        if (byte >= 'a' && byte <= 'z') set->fold[e] |= 0x20u << (8 * k);
    }
}

/// Marks bucket `bit` in window byte k's whole-byte table: the literal's byte there in both cases, or
/// every byte past the end of a literal shorter than the window.
static void add_bytes(uint8_t table[128], const rl_window *w, int k, const uint8_t *folded, size_t length, uint8_t bit) {
    if (w->offset + (size_t)k >= length) {
        for (int byte = 0; byte < 128; byte++) table[byte] |= bit;
        return;
    }
    uint8_t byte = folded[w->offset + k];
    table[byte & 127] |= bit;
    if (byte >= 'a' && byte <= 'z') table[(byte - 32) & 127] |= bit;
}

rl_literal_set *rl_create_set(const uint8_t *bytes, const size_t *lengths, size_t count, const uint8_t *sample,
                              size_t sample_length) {
    // Each bucket's entries are padded to a multiple of RL_LANES.
    size_t capacity = count + RL_BUCKETS * RL_LANES;
    rl_literal_set *set = calloc(1, sizeof *set);
    uint32_t *frequency = calloc(RL_GRAM_TABLE, sizeof *frequency);
    rl_window *windows = calloc(count ? count : 1, sizeof *windows);
    uint8_t *bucket_of = calloc(count ? count : 1, 1);
    size_t total = 0;
    for (size_t i = 0; i < count; i++) total += lengths[i];
    if (set) {
        set->folded = calloc(2 * (total + 8), 1);
        set->literal_start = calloc(count + 1, sizeof *set->literal_start);
        set->entries = calloc(capacity, sizeof *set->entries);
        set->window = calloc(capacity * 3, sizeof *set->window);
    }
    if (!set || !frequency || !windows || !bucket_of || !set->folded || !set->literal_start || !set->entries
        || !set->window) {
        free(frequency);
        free(windows);
        free(bucket_of);
        rl_literal_set_free(set);
        return NULL;
    }
    set->letters = set->folded + total + 8;
    set->fold = set->window + capacity;
    set->keep = set->fold + capacity;
    set->count = count;
    set->kernel = rl_kernel_supported(RL_KERNEL_VBMI) ? RL_KERNEL_VBMI
                : rl_kernel_supported(RL_KERNEL_AVX2) ? RL_KERNEL_AVX2
                : rl_kernel_supported(RL_KERNEL_SSSE3) ? RL_KERNEL_SSSE3 : RL_KERNEL_SCALAR;
    // Folded four-byte grams of the sample, rolled a byte at a time; byte shares for bucket costs.
    if (sample_length > RL_SAMPLE_LIMIT) sample_length = RL_SAMPLE_LIMIT;
    uint32_t seen[256] = {0};
    uint32_t gram = 0;
    for (size_t i = 0; i < sample_length; i++) {
        seen[sample[i]]++;
        gram = gram >> 8 | (uint32_t)rl_fold(sample[i]) << 24;
        if (i + 1 >= RL_GRAM) frequency[gram_slot(gram)]++;
    }
    // Without a sample every byte counts alike.
    double share[256];
    for (int byte = 0; byte < 256; byte++) share[byte] = sample_length ? seen[byte] / (double)sample_length : 1.0 / 256;

    size_t used = 0;
    for (size_t i = 0; i < count; i++) {
        for (size_t j = 0; j < lengths[i]; j++) {
            set->folded[used + j] = rl_fold(bytes[used + j]);
            if (set->folded[used + j] >= 'a' && set->folded[used + j] <= 'z') set->letters[used + j] = 0x20;
        }
        set->literal_start[i] = (uint32_t)used;
        if (lengths[i] == 0) set->has_empty = 1;
        windows[i].literal = (uint32_t)i;
        place(&windows[i], set->folded + used, lengths[i], frequency);
        used += lengths[i];
    }
    set->literal_start[count] = (uint32_t)used;

    qsort(windows, count, sizeof *windows, by_frequency);
    rl_assign_buckets(windows, count, sample, sample_length, share, bucket_of);
    // Entries grouped by bucket (padding never passes: nothing kept cannot equal 1); nibble tables.
    uint32_t next = 0;
    for (int b = 0; b < RL_BUCKETS; b++) {
        set->bucket_start[b] = next;
        for (size_t i = 0; i < count; i++) {
            if (bucket_of[i] != b) continue;
            add_entry(set, next++, &windows[i], lengths[windows[i].literal]);
            for (int k = 0; k < RL_WINDOW; k++) {
                for (int n = 0; n < 16; n++) {
                    if (windows[i].low[k] >> n & 1) set->low[k][n] |= (uint8_t)(1u << b);
                    if (windows[i].high[k] >> n & 1) set->high[k][n] |= (uint8_t)(1u << b);
                }
                add_bytes(set->byte_table[k], &windows[i], k, set->folded + set->literal_start[windows[i].literal],
                          lengths[windows[i].literal], (uint8_t)(1u << b));
            }
        }
        while (next % RL_LANES) set->window[next++] = 1;
    }
    set->bucket_start[RL_BUCKETS] = next;
    free(bucket_of);
    free(frequency);
    free(windows);
    return set;
}

void rl_literal_set_free(rl_literal_set *set) {
    if (!set) return;
    free(set->entries);
    free(set->window);
    free(set->folded);
    free(set->literal_start);
    free(set);
}
