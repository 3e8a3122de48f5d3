// Grouping fingerprint windows into buckets, by how many sample positions each bucket's nibble tables
// would propose.
#include <stdlib.h>
#include "LiteralSetBuild.h"

// The probe loops below are word-wise ORs and ANDs that vectorise; an AVX2 copy chosen at load time
// (an ELF ifunc, hence not on other formats) halves their cost, which every input pays once.
#if defined(__x86_64__) && defined(__ELF__)
#define RL_PROBE_LOOPS __attribute__((target_clones("avx2", "default")))
#else
#define RL_PROBE_LOOPS
#endif

/// How often a bucket's nibble tables would propose a position of the sample, taking its bytes as
/// independent: per window byte, the share of sample bytes whose nibbles both pass (cross-products of
/// the nibble sets included, which is what makes mixing fingerprints costly).
static double accepted(const uint16_t low[RL_WINDOW], const uint16_t high[RL_WINDOW], const double share[256]) {
    double product = 1;
    for (int k = 0; k < RL_WINDOW; k++) {
        double passing = 0;
        for (uint32_t lows = low[k]; lows; lows &= lows - 1) {
            for (uint32_t highs = high[k]; highs; highs &= highs - 1) {
                passing += share[__builtin_ctz(highs) << 4 | __builtin_ctz(lows)];
            }
        }
        product *= passing;
    }
    return product;
}

/// Positions of the sample the bucket costs are measured on, every RL_PROBE_STEP-th (every 64th or
/// 128th placed the bench logs' windows worse): per window byte and nibble value, the set of probes
/// whose byte there has that nibble, in bits of 64-bit words.
#define RL_PROBE_STEP 32
/// Probes come from this much of the sample: on the bench logs, 128 KiB placed windows as well as
/// 256 KiB did, and 64 KiB twice as badly.
#define RL_PROBE_LIMIT (1u << 17)
/// Passes of the local search after the greedy: on the bench logs a second pass moved nothing more.
#define RL_LOCAL_PASSES 1
typedef struct {
    size_t words;
    uint64_t *low[RL_WINDOW][16], *high[RL_WINDOW][16];
    uint64_t *storage;
} probes;

/// Per window byte, the probes a bucket's nibble tables accept there (the OR of their nibbles' sets).
typedef struct {
    uint16_t low[RL_WINDOW], high[RL_WINDOW];
    uint64_t *lows[RL_WINDOW], *highs[RL_WINDOW];
    size_t accepted;
} bucket;

/// `extra` sets of probe bits after the nibbles' own (for the buckets').
static int probes_init(probes *p, const uint8_t *sample, size_t sample_length, size_t extra, uint64_t **rest) {
    if (sample_length > RL_PROBE_LIMIT) sample_length = RL_PROBE_LIMIT;
    size_t count = sample_length > RL_WINDOW ? (sample_length - RL_WINDOW) / RL_PROBE_STEP : 0;
    p->words = (count + 63) / 64;
    p->storage = calloc(p->words ? p->words * (RL_WINDOW * 32 + extra) : 1, sizeof *p->storage);
    if (!p->storage) return 0;
    for (int k = 0; k < RL_WINDOW; k++) {
        for (int n = 0; n < 16; n++) {
            p->low[k][n] = p->storage + ((size_t)k * 32 + (size_t)n) * p->words;
            p->high[k][n] = p->storage + ((size_t)k * 32 + 16 + (size_t)n) * p->words;
        }
    }
    for (size_t i = 0; i < count; i++) {
        for (int k = 0; k < RL_WINDOW; k++) {
            uint8_t byte = sample[i * RL_PROBE_STEP + (size_t)k];
            p->low[k][byte & 15][i / 64] |= 1ull << (i % 64);
            p->high[k][byte >> 4][i / 64] |= 1ull << (i % 64);
        }
    }
    *rest = p->storage + p->words * RL_WINDOW * 32;
    return 1;
}

/// The OR of the probe sets of the nibbles in `mask` (of `sets`), in `out`.
static void union_of(const probes *p, uint64_t *const sets[16], uint32_t mask, uint64_t *out) {
    for (size_t w = 0; w < p->words; w++) out[w] = 0;
    for (; mask; mask &= mask - 1) {
        const uint64_t *set = sets[__builtin_ctz(mask)];
        for (size_t w = 0; w < p->words; w++) out[w] |= set[w];
    }
}

static size_t count_ones(const uint64_t *bits, size_t words) {
    size_t count = 0;
    for (size_t w = 0; w < words; w++) count += (size_t)__builtin_popcountll(bits[w]);
    return count;
}

/// The most probe words there are, for scratch sets on the stack.
#define RL_PROBE_WORDS (RL_PROBE_LIMIT / RL_PROBE_STEP / 64 + 1)

/// Sets `b`'s probe sets from its nibble tables, and counts the probes it accepts.
RL_PROBE_LOOPS static void refresh(const probes *p, bucket *b) {
    uint64_t accepted[RL_PROBE_WORDS];
    for (size_t w = 0; w < p->words; w++) accepted[w] = ~0ull;
    for (int k = 0; k < RL_WINDOW; k++) {
        union_of(p, p->low[k], b->low[k], b->lows[k]);
        union_of(p, p->high[k], b->high[k], b->highs[k]);
        for (size_t w = 0; w < p->words; w++) accepted[w] &= b->lows[k][w] & b->highs[k][w];
    }
    b->accepted = count_ones(accepted, p->words);
}

/// How many more probes `b` would accept with window `x` in it. A window byte past the end of a short
/// literal accepts everything, so it drops out of the AND.
RL_PROBE_LOOPS static size_t added(const probes *p, const bucket *b, const rl_window *x) {
    uint64_t accepted[RL_PROBE_WORDS], highs[RL_PROBE_WORDS];
    for (size_t w = 0; w < p->words; w++) accepted[w] = ~0ull;
    for (int k = 0; k < RL_WINDOW; k++) {
        if (x->low[k] == 0xFFFF) continue;
        // A window byte is one low nibble and one or two high ones (a letter's two cases).
        const uint64_t *low = p->low[k][__builtin_ctz(x->low[k])], *high = p->high[k][__builtin_ctz(x->high[k])];
        if (x->high[k] & (x->high[k] - 1)) {
            union_of(p, p->high[k], x->high[k], highs);
            high = highs;
        }
        for (size_t w = 0; w < p->words; w++) {
            accepted[w] &= (b->lows[k][w] | low[w]) & (b->highs[k][w] | high[w]);
        }
    }
    return count_ones(accepted, p->words) - b->accepted;
}

/// Adds window `x` to `b`: only the nibbles new to it widen its probe sets.
RL_PROBE_LOOPS static void add_window(const probes *p, bucket *b, const rl_window *x) {
    uint64_t accepted[RL_PROBE_WORDS], more[RL_PROBE_WORDS];
    for (size_t w = 0; w < p->words; w++) accepted[w] = ~0ull;
    for (int k = 0; k < RL_WINDOW; k++) {
        union_of(p, p->low[k], x->low[k] & ~b->low[k], more);
        for (size_t w = 0; w < p->words; w++) b->lows[k][w] |= more[w];
        union_of(p, p->high[k], x->high[k] & ~b->high[k], more);
        for (size_t w = 0; w < p->words; w++) b->highs[k][w] |= more[w];
        b->low[k] |= x->low[k];
        b->high[k] |= x->high[k];
        for (size_t w = 0; w < p->words; w++) accepted[w] &= b->lows[k][w] & b->highs[k][w];
    }
    b->accepted = count_ones(accepted, p->words);
}

/// Greedy buckets, commonest windows first: each goes where it makes the bucket accept the fewest
/// more probes of the sample (bytes in a log are far from independent: `restic` is a word, so `tic`
/// is common), ties broken by the estimate from byte shares, so common and rare fingerprints do not
/// share nibble tables.
static void assign_greedily(const rl_window *windows, size_t count, const double share[256], const probes *probe,
                            bucket *buckets, uint8_t *bucket_of) {
    uint32_t size[RL_BUCKETS] = {0};
    double current[RL_BUCKETS] = {0};
    for (size_t i = 0; i < count; i++) {
        int best = 0;
        double best_cost = 0, best_estimate = 0;
        for (int b = 0; b < RL_BUCKETS; b++) {
            uint16_t l[RL_WINDOW], h[RL_WINDOW];
            for (int k = 0; k < RL_WINDOW; k++) {
                l[k] = buckets[b].low[k] | windows[i].low[k];
                h[k] = buckets[b].high[k] | windows[i].high[k];
            }
            double cost = (double)added(probe, &buckets[b], &windows[i]);
            double estimate = accepted(l, h, share) - current[b];
            if (b == 0 || cost < best_cost || (cost == best_cost && estimate < best_estimate)
                || (cost == best_cost && estimate == best_estimate && size[b] < size[best])) {
                best = b;
                best_cost = cost;
                best_estimate = estimate;
            }
        }
        add_window(probe, &buckets[best], &windows[i]);
        size[best]++;
        current[best] = accepted(buckets[best].low, buckets[best].high, share);
        bucket_of[i] = (uint8_t)best;
    }
}

/// Local search after the greedy, whose early choices cannot see the windows placed after them: moves
/// a window to another bucket while that lowers the probes accepted in all buckets together.
static void improve(const rl_window *windows, size_t count, const probes *probe, bucket *buckets, bucket *rest,
                    uint8_t *bucket_of) {
    for (int pass = 0; pass < RL_LOCAL_PASSES; pass++) {
        int moved = 0;
        for (size_t i = 0; i < count; i++) {
            // Its bucket without it, and what moving it to each other bucket would change in all.
            int from = bucket_of[i];
            for (int k = 0; k < RL_WINDOW; k++) rest->low[k] = rest->high[k] = 0;
            for (size_t j = 0; j < count; j++) {
                if (j == i || bucket_of[j] != from) continue;
                for (int k = 0; k < RL_WINDOW; k++) {
                    rest->low[k] |= windows[j].low[k];
                    rest->high[k] |= windows[j].high[k];
                }
            }
            refresh(probe, rest);
            long saved = (long)buckets[from].accepted - (long)rest->accepted;
            int best = from;
            long best_change = 0;
            for (int b = 0; b < RL_BUCKETS; b++) {
                if (b == from) continue;
                long change = (long)added(probe, &buckets[b], &windows[i]) - saved;
                if (change < best_change) {
                    best_change = change;
                    best = b;
                }
            }
            if (best == from) continue;
            moved = 1;
            bucket_of[i] = (uint8_t)best;
            // The rest becomes the old bucket: swap their probe sets rather than copy them.
            bucket old = buckets[from];
            buckets[from] = *rest;
            *rest = old;
            add_window(probe, &buckets[best], &windows[i]);
        }
        if (!moved) break;
    }
}

void rl_assign_buckets(const rl_window *windows, size_t count, const uint8_t *sample, size_t sample_length,
                       const double share[256], uint8_t *bucket_of) {
    // Probe sets for the buckets and the local search's scratch bucket.
    probes probe = {0};
    bucket buckets[RL_BUCKETS + 1] = {{{0}}};
    uint64_t *sets = NULL;
    if (!probes_init(&probe, sample, sample_length, (RL_BUCKETS + 1) * 2 * RL_WINDOW, &sets)) probe.words = 0;
    for (int b = 0; b <= RL_BUCKETS; b++) {
        for (int k = 0; k < RL_WINDOW; k++) {
            buckets[b].lows[k] = sets + ((size_t)b * 2 * RL_WINDOW + (size_t)k) * probe.words;
            buckets[b].highs[k] = sets + ((size_t)b * 2 * RL_WINDOW + RL_WINDOW + (size_t)k) * probe.words;
        }
    }
    assign_greedily(windows, count, share, &probe, buckets, bucket_of);
    if (probe.words) improve(windows, count, &probe, buckets, &buckets[RL_BUCKETS], bucket_of);
    free(probe.storage);
}
