#ifndef C_LINE_ENDINGS_H
#define C_LINE_ENDINGS_H

#include <stddef.h>
#include <stdint.h>

/// The offset of the first CR or LF in `bytes[start..<count]`, or `count` if there is none.
size_t line_endings_first(const uint8_t *bytes, size_t count, size_t start);

/// The whole lines from `start` (a line's first octet) that SMTP's transparency leaves as
/// they are: each ends in CRLF, has no other CR or LF, and does not start with a dot.
/// Returns the offset after the last of them (`start` if there is none) and stores the
/// longest one's length, without its CRLF, in `longest`.
size_t line_endings_plain_lines(const uint8_t *bytes, size_t count, size_t start, size_t *longest);

/// Whether the searches compare thirty-two octets at a time here (AVX2), not sixteen.
int line_endings_wide_search_available(void);

/// `line_endings_first` with sixteen octets per compare (`wide` 0) or, where available,
/// thirty-two (`wide` 1): for tests that hold both to the same definition.
size_t line_endings_first_with(const uint8_t *bytes, size_t count, size_t start, int wide);

/// `line_endings_plain_lines` with sixteen octets per compare (`wide` 0) or, where
/// available, thirty-two (`wide` 1).
size_t line_endings_plain_lines_with(const uint8_t *bytes, size_t count, size_t start, size_t *longest, int wide);

#endif
