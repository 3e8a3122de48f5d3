// Walking a buffer's lines to those that hold a literal, counting the others without splitting them.
#include "LiteralSetLayout.h"

int rl_literal_set_next_line_kernel(const rl_literal_set *set, int kernel, const uint8_t *buffer, size_t length,
                                    uint8_t separator, rl_line_walk *walk, rl_line *line) {
    size_t from = walk->position, separators = walk->separators;
    ptrdiff_t hit = rl_find_counting(set, kernel, buffer, length, from, separator, &separators);
    if (hit < 0) {
        // The kernels counted to the end; a walk past the end has nothing left to count.
        walk->position = length > from ? length : from;
        walk->separators = separators;
        return 0;
    }
    // No literal holds a separator, so the separators before the hit are those before its line.
    ptrdiff_t before = (size_t)hit > from ? rl_last_byte(buffer + from, (size_t)hit - from, separator) : -1;
    const uint8_t *after = memchr(buffer + hit, separator, length - (size_t)hit);
    line->start = before < 0 ? from : from + (size_t)before + 1;
    line->end = after ? (size_t)(after - buffer) : length;
    line->index = separators;
    walk->position = line->end + 1;
    walk->separators = separators + (after != NULL);
    return 1;
}

int rl_literal_set_next_line(const rl_literal_set *set, const uint8_t *buffer, size_t length, uint8_t separator,
                             rl_line_walk *walk, rl_line *line) {
    return rl_literal_set_next_line_kernel(set, set->kernel, buffer, length, separator, walk, line);
}
