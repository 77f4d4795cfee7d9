#include "CLineEndings.h"

#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <cpuid.h>
#include <immintrin.h>
#define LINE_ENDINGS_AVX2 1
#endif

// Message content is mostly lines of text of under a hundred octets. Two memchr calls per
// line (the CR, then no LF before it) cost more in calls than in octets; one pass with
// sixteen octets per compare, inlined into the loop over the lines, takes about a third
// fewer instructions for lines of 78 octets. Where the processor has AVX2 (checked once,
// at the first search), thirty-two octets per compare take a line of 78 octets in three
// compares instead of five.

static inline size_t first_narrow(const uint8_t *bytes, size_t count, size_t start) {
    size_t offset = start;
#if defined(__SSE2__)
    const __m128i cr = _mm_set1_epi8('\r');
    const __m128i lf = _mm_set1_epi8('\n');
    while (offset + 16 <= count) {
        __m128i block = _mm_loadu_si128((const __m128i *)(const void *)(bytes + offset));
        unsigned found = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(block, cr), _mm_cmpeq_epi8(block, lf)));
        if (found != 0) return offset + (size_t)__builtin_ctz(found);
        offset += 16;
    }
    while (offset < count && bytes[offset] != '\r' && bytes[offset] != '\n') offset++;
    return offset;
#else
    // Without SSE2: the first CR and the first LF before it, each found by memchr.
    if (offset >= count) return count;
    const uint8_t *cr = memchr(bytes + offset, '\r', count - offset);
    size_t limit = cr ? (size_t)(cr - bytes) : count;
    const uint8_t *lf = memchr(bytes + offset, '\n', limit - offset);
    return lf ? (size_t)(lf - bytes) : limit;
#endif
}

// The loop over the lines, once per width, each with its search inlined.
#define LINE_ENDINGS_PLAIN_LINES(name, first, attributes)                                          \
    attributes static size_t name(const uint8_t *bytes, size_t count, size_t start, size_t *longest) { \
        size_t line = start;                                                                       \
        size_t most = 0;                                                                           \
        while (line < count && bytes[line] != '.') {                                               \
            size_t end = first(bytes, count, line);                                                \
            if (end + 1 >= count || bytes[end] != '\r' || bytes[end + 1] != '\n') break;            \
            if (end - line > most) most = end - line;                                              \
            line = end + 2;                                                                        \
        }                                                                                          \
        *longest = most;                                                                           \
        return line;                                                                               \
    }

LINE_ENDINGS_PLAIN_LINES(plain_lines_narrow, first_narrow, )

#if defined(LINE_ENDINGS_AVX2)
__attribute__((target("avx2"))) static inline size_t first_wide(const uint8_t *bytes, size_t count, size_t start) {
    size_t offset = start;
    const __m256i cr = _mm256_set1_epi8('\r');
    const __m256i lf = _mm256_set1_epi8('\n');
    while (offset + 32 <= count) {
        __m256i block = _mm256_loadu_si256((const __m256i *)(const void *)(bytes + offset));
        unsigned found = (unsigned)_mm256_movemask_epi8(_mm256_or_si256(_mm256_cmpeq_epi8(block, cr), _mm256_cmpeq_epi8(block, lf)));
        if (found != 0) return offset + (size_t)__builtin_ctz(found);
        offset += 32;
    }
    return first_narrow(bytes, count, offset);
}

LINE_ENDINGS_PLAIN_LINES(plain_lines_wide, first_wide, __attribute__((target("avx2"))))

// AVX2 in the processor (CPUID leaf 7) and its registers saved by the kernel (XGETBV).
static int processor_has_avx2(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_OSXSAVE) || !(c & bit_AVX)) return 0;
    unsigned low, high;
    __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    if ((low & 6) != 6) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b & bit_AVX2) != 0;
}

// -1 until the first search asks; a race only computes the same answer twice.
static int wide_available = -1;

static inline int use_wide(void) {
    int available = __atomic_load_n(&wide_available, __ATOMIC_RELAXED);
    if (available < 0) {
        available = processor_has_avx2();
        __atomic_store_n(&wide_available, available, __ATOMIC_RELAXED);
    }
    return available;
}
#endif

int line_endings_wide_search_available(void) {
#if defined(LINE_ENDINGS_AVX2)
    return use_wide();
#else
    return 0;
#endif
}

size_t line_endings_first_with(const uint8_t *bytes, size_t count, size_t start, int wide) {
#if defined(LINE_ENDINGS_AVX2)
    if (wide && use_wide()) return first_wide(bytes, count, start);
#endif
    (void)wide;
    return first_narrow(bytes, count, start);
}

size_t line_endings_plain_lines_with(const uint8_t *bytes, size_t count, size_t start, size_t *longest, int wide) {
#if defined(LINE_ENDINGS_AVX2)
    if (wide && use_wide()) return plain_lines_wide(bytes, count, start, longest);
#endif
    (void)wide;
    return plain_lines_narrow(bytes, count, start, longest);
}

size_t line_endings_first(const uint8_t *bytes, size_t count, size_t start) {
    return line_endings_first_with(bytes, count, start, 1);
}

size_t line_endings_plain_lines(const uint8_t *bytes, size_t count, size_t start, size_t *longest) {
    return line_endings_plain_lines_with(bytes, count, start, longest, 1);
}
