#ifndef C_ZERO_FILL_H
#define C_ZERO_FILL_H

/// Creates the file at `path` (which must not exist) with mode 0600, writes `size` zero
/// octets into it and syncs its data. Writes with direct I/O where the file system allows
/// it, so that the zeros cost no copy into the page cache. Returns 0, or an errno value;
/// on failure the file may exist, partly written.
int zero_fill_file(const char *path, long long size);

/// The open(2) and fcntl(2) flag for direct I/O, `O_DIRECT`, a GNU extension that Swift's
/// Glibc module does not expose.
int direct_io_flag(void);

#endif
